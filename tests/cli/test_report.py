"""parse-report: a webhook body on stdin, the report as JSON."""

import json

from .conftest import json_lines as objects
from .conftest import run_cli


async def test_parse_report() -> None:
    body = {
        "report": {
            "id": "1599558518",
            "packet_id": 104525848,
            "status": "delivered",
            "to": "+905057023100",
            "body": "Şubat kampanyası",
        }
    }
    ran = await run_cli("parse-report", stdin=json.dumps(body).encode())
    assert ran.code == 0, ran.stderr
    assert objects(ran.stdout) == [
        {
            "id": 1599558518,
            "order_id": "104525848",
            "status": "delivered",
            "to": "+905057023100",
            "text": "Şubat kampanyası",
        }
    ]
    assert "Şubat" in ran.stdout  # UTF-8, not escaped
    ran = await run_cli("parse-report", stdin=b"{}")
    assert ran.code == 1
    assert objects(ran.stdout)[0]["error"] == "DecodeError"  # type: ignore[index]
