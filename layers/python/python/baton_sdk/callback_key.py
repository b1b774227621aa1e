"""Where the callback key comes from: the key given, BATON_CALLBACK_KEY, or on AWS the
Secrets Manager secret BATON_CALLBACK_KEY_SECRET_ARN names."""

import os

from .errors import CallbackKeyError

CALLBACK_KEY_VARIABLE = "BATON_CALLBACK_KEY"
CALLBACK_KEY_SECRET_ARN_VARIABLE = "BATON_CALLBACK_KEY_SECRET_ARN"

# The fewest characters a key read from a secret may have: the backend's 256 bits as base64url.
MIN_SECRET_KEY_LENGTH = 43

# The keys read so far, by (reader, secret ARN): each secret is read once per process.
_read_keys = {}
# The one Secrets Manager client of the process, made on the first read.
_client = None


def secrets_manager_reader(secret_id):
    """Reads a secret's text with boto3's Secrets Manager client (which the Lambda Python
    runtime provides): its current version's SecretString, or None for a secret that holds none.
    boto3 is imported on the first read, so a plugin run without it (the embedded engine, with
    a plain key) never needs it. The client is boto3's default: the function's region and
    credentials, and the endpoint of AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS_ENDPOINT_URL,
    when set (LocalStack).

    Example:
        key = secrets_manager_reader(os.environ["BATON_CALLBACK_KEY_SECRET_ARN"])
    """
    global _client
    if _client is None:
        import boto3

        _client = boto3.client("secretsmanager")
    return _client.get_secret_value(SecretId=secret_id).get("SecretString")


def _error_name(error):
    """The AWS error code of a botocore ClientError, else the exception's class name."""
    response = getattr(error, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code or type(error).__name__


def _read_key(secret_id, read_secret):
    cached = _read_keys.get((read_secret, secret_id))
    if cached is not None:
        return cached

    def refusal(problem):
        return CallbackKeyError(CALLBACK_KEY_SECRET_ARN_VARIABLE, secret_id, problem)

    try:
        value = read_secret(secret_id)
    except Exception as error:
        raise refusal("cannot be read (%s)" % _error_name(error)) from error
    if not isinstance(value, str):
        raise refusal("holds no text")
    if len(value) < MIN_SECRET_KEY_LENGTH:
        raise refusal("must hold at least 256 bits")
    _read_keys[(read_secret, secret_id)] = value
    return value


def callback_key(key=None, read_secret=None):
    """The installation's callback key as a CallbackClient finds it: `key` when given, else
    BATON_CALLBACK_KEY (the embedded engine sets it; it wins for LocalStack and tests), else the
    Secrets Manager secret BATON_CALLBACK_KEY_SECRET_ARN names (a deployed plugin function),
    read once per process with `read_secret` (default secrets_manager_reader; a read that
    failed is tried again next time).

    Raises ValueError when there is neither a key nor a secret to read (a given key must not
    be empty), CallbackKeyError when the secret cannot be read, holds no text or holds fewer
    than 43 characters; the message names the variable and the ARN, never the value.

    Example:
        KEY = callback_key()  # at module level: read during the function's cold start
    """
    if key is None:
        key = os.environ.get(CALLBACK_KEY_VARIABLE)
        secret_id = os.environ.get(CALLBACK_KEY_SECRET_ARN_VARIABLE)
        if not key and secret_id:
            return _read_key(secret_id, read_secret or secrets_manager_reader)
    if not key:
        raise ValueError(
            "no callback key: pass one or set %s or %s"
            % (CALLBACK_KEY_VARIABLE, CALLBACK_KEY_SECRET_ARN_VARIABLE)
        )
    return key
