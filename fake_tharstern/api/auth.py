"""``GET api/authentication/generateapitoken``."""
from __future__ import annotations

from .answers import TokenDetailsSchema, enveloped
from .envelope import envelope, token_status
from .operation import backend, tharstern_operation
from .parser import FakeBlueprint
from .queries import TokenQuery

blp = FakeBlueprint("authentication", __name__, description="Tokens for the faked Tharstern API")


@blp.route("/authentication/generateapitoken", methods=["GET"])
@blp.arguments(TokenQuery(), location="query")
@tharstern_operation(blp, enveloped(TokenDetailsSchema, "Token"), protected=False)
def generate_api_token(args):
    """Issue a token for an API user and application. Bad credentials give the all-zero token."""
    fake = backend()
    result = fake.generate_api_token(args.get("email"), args.get("password"), args.get("application_id"))
    details = {"Token": result["Token"], "ExpiresDateTime": result["ExpiresDateTime"]}
    if result["ok"]:
        token = token_status(None, "Valid", expires=result["ExpiresDateTime"], user_id=result["UserId"])
        return envelope(details, token=token)
    return envelope(details, success=fake.quirks.bad_credentials_success, reasons=[result["reason"]],
                    token=token_status(None, "Invalid"))
