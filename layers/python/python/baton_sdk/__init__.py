"""Baton's plugin SDK for Python (standard library only): report on a callback task
(callback_client), fail a task on purpose (PluginFailed) and check the events a webhook
delivers (verify_event). The callback key is BATON_CALLBACK_KEY, or on AWS the Secrets Manager
secret BATON_CALLBACK_KEY_SECRET_ARN names, read with boto3 (callback_key).

Example:
    from baton_sdk import callback_client

    def handler(event, context):
        callback_client(event).succeeded({"ticket": 42})
        return {"accepted": True}
"""

from .callback import CallbackClient, callback_client
from .callback_key import (
    CALLBACK_KEY_SECRET_ARN_VARIABLE,
    CALLBACK_KEY_VARIABLE,
    callback_key,
    secrets_manager_reader,
)
from .errors import (
    CallbackKeyError,
    CallbackReportError,
    EventSignatureError,
    PluginFailed,
)
from .signatures import (
    CALLBACK_SIGNATURE_HEADER,
    EVENT_SIGNATURE_HEADER,
    sign_callback,
    sign_event,
    verify_event,
)

__all__ = [
    "CALLBACK_KEY_SECRET_ARN_VARIABLE",
    "CALLBACK_KEY_VARIABLE",
    "CALLBACK_SIGNATURE_HEADER",
    "EVENT_SIGNATURE_HEADER",
    "CallbackClient",
    "CallbackKeyError",
    "CallbackReportError",
    "EventSignatureError",
    "PluginFailed",
    "callback_client",
    "callback_key",
    "secrets_manager_reader",
    "sign_callback",
    "sign_event",
    "verify_event",
]
