"""One JSON error shape for every failure: {"error": {"status", "type", "message", ...}}."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


class EndpointError(Exception):
    """Base of the endpoint's own errors; carries an HTTP status and a short type name."""

    status = 500
    type = "internal_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class BadRequest(EndpointError, ValueError):
    status, type = 400, "bad_request"


class QuerySyntaxError(EndpointError, SyntaxError):
    status, type = 400, "query_syntax_error"


class UpdateRefused(EndpointError, PermissionError):
    status, type = 403, "update_refused"


class ServiceRefused(EndpointError, PermissionError):
    status, type = 403, "service_refused"


class NotFound(EndpointError, LookupError):
    status, type = 404, "not_found"


class NotAcceptable(EndpointError, ValueError):
    status, type = 406, "not_acceptable"


class PayloadTooLarge(EndpointError, ValueError):
    status, type = 413, "payload_too_large"


class UnsupportedMediaType(EndpointError, ValueError):
    status, type = 415, "unsupported_media_type"


class QueryTimeout(EndpointError, TimeoutError):
    status, type = 503, "query_timeout"


class RowLimitExceeded(EndpointError, OverflowError):
    status, type = 422, "row_limit_exceeded"


def error_body(status: int, type_: str, message: str, **details: Any) -> dict:
    """The one error shape."""
    body = {"status": status, "type": type_, "message": message}
    body.update({k: v for k, v in details.items() if v is not None})
    return {"error": body}


def register_error_handlers(app: Flask) -> None:
    """Turn every exception into the JSON error shape; never leak a stack trace."""

    @app.errorhandler(EndpointError)
    def _own(exc: EndpointError):
        response = jsonify(error_body(exc.status, exc.type, exc.message, **exc.details))
        response.status_code = exc.status
        return response

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        type_ = (exc.name or "error").lower().replace(" ", "_")
        response = jsonify(error_body(exc.code or 500, type_, exc.description or exc.name))
        response.status_code = exc.code or 500
        return response

    @app.errorhandler(Exception)
    def _other(exc: Exception):  # pragma: no cover - last resort
        app.logger.exception("unhandled error")
        response = jsonify(error_body(500, "internal_error", "internal server error"))
        response.status_code = 500
        return response
