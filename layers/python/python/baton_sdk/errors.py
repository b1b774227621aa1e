"""The errors of Baton's plugin SDK."""

import json


class PluginFailed(Exception):
    """Raised by a handler to report that its task failed: the node's outcome is `failed`
    with `output`, and no retry runs. Any other exception is transient and retried under the
    task's `retry` policy. Lambda reports the class name, `Baton.PluginFailed`, and the
    message, the output as JSON.

    Example:
        raise PluginFailed({"reason": "quota exceeded"})
    """

    def __init__(self, output):
        super().__init__(json.dumps(output))
        self.output = output


PluginFailed.__name__ = "Baton.PluginFailed"
PluginFailed.__qualname__ = "Baton.PluginFailed"


class CallbackReportError(Exception):
    """The engine refused a callback report: `status` is the HTTP status (401 for a signature
    that does not hold, 404 for an unknown callback, 410 once the task's state is gone, 413 for
    a report over 16 KiB), `code` the API's error code."""

    def __init__(self, status, code, message):
        super().__init__(
            "the callback report was refused (%s %s): %s" % (status, code, message)
        )
        self.status = status
        self.code = code


class EventSignatureError(Exception):
    """An event whose signature does not hold; `problem` is one of "missing", "malformed",
    "stale" (signed more than the tolerance ago or ahead) and "mismatch"."""

    def __init__(self, problem, message):
        super().__init__(message)
        self.problem = problem


class CallbackKeyError(ValueError):
    """The secret a plugin function's callback key is read from cannot serve: it cannot be
    read (the AWS error's code is given), holds no text, or holds fewer than 43 characters
    (the 256 bits the backend requires of its signing keys). The message names the variable
    and the secret's ARN, never the secret's value; `variable` and `secret_id` hold them."""

    def __init__(self, variable, secret_id, problem):
        super().__init__(
            "environment variable %s names %s, which %s" % (variable, secret_id, problem)
        )
        self.variable = variable
        self.secret_id = secret_id
