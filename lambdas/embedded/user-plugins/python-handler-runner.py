"""Runs one invocation of a Python Lambda handler for Baton's embedded engine.

Usage: python3 python-handler-runner.py HANDLER_FILE < request.json

The request on stdin is {"event": ..., "context": {"functionName", "awsRequestId",
"deadlineMs"}}. The handler file is imported as Lambda imports a function's module (its folder
first on sys.path) and its `handler(event, context)` is called. The one line written to stdout
is the answer: {"ok": true, "result": ...} or {"ok": false, "error": {"errorType",
"errorMessage", "stackTrace"}}, the error envelope Lambda's Python runtime reports. Everything
the handler prints goes to stderr, which the engine logs.
"""

import importlib.util
import json
import os
import sys
import time
import traceback


class LambdaContext:
    """The context object of Lambda's Python runtime, as far as it means anything locally."""

    def __init__(self, function_name, aws_request_id, deadline_ms):
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = (
            "arn:aws:lambda:local:000000000000:function:" + function_name
        )
        self.memory_limit_in_mb = "128"
        self.aws_request_id = aws_request_id
        self.log_group_name = "/aws/lambda/" + function_name
        self.log_stream_name = "embedded"
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def failure(error_type, message, stack=None):
    return {
        "ok": False,
        "error": {
            "errorType": error_type,
            "errorMessage": message,
            "stackTrace": stack or [],
        },
    }


def invoke(handler_file, request):
    module_name = os.path.splitext(os.path.basename(handler_file))[0]
    sys.path.insert(0, os.path.dirname(handler_file))
    try:
        spec = importlib.util.spec_from_file_location(module_name, handler_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except Exception as error:  # what Lambda reports as an import failure
        traceback.print_exc()
        return failure(
            "Runtime.ImportModuleError",
            "Unable to import module '%s': %s" % (module_name, error),
        )
    handler = getattr(module, "handler", None)
    if not callable(handler):
        return failure(
            "Runtime.HandlerNotFound",
            "Handler 'handler' missing on module '%s'" % module_name,
        )
    given = request["context"]
    context = LambdaContext(
        given["functionName"], given["awsRequestId"], given["deadlineMs"]
    )
    try:
        result = handler(request["event"], context)
    except Exception as error:
        trace = traceback.format_exception(type(error), error, error.__traceback__)
        sys.stderr.write("[ERROR] %s: %s\n%s" % (type(error).__name__, error, "".join(trace)))
        return failure(type(error).__name__, str(error), traceback.format_tb(error.__traceback__))
    try:
        json.dumps(result, allow_nan=False)
    except (TypeError, ValueError) as error:
        return failure("Runtime.MarshalError", "Unable to marshal response: %s" % error)
    return {"ok": True, "result": result}


def main():
    answer_fd = os.dup(1)
    os.dup2(2, 1)  # prints, even from native code, go to stderr
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    answer = invoke(os.path.abspath(sys.argv[1]), request)
    with os.fdopen(answer_fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
