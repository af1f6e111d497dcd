"""The generated README's feature snippets, each a client program that runs as pasted against
the README's server example: per-call options and the whole response, errors and typed
faults, streaming, logging with your own ``httpx`` client.

Like :mod:`.example`, they call the service's first operation (streaming: its first with a
Stream answer) with real values of its types, and are laid out as ``ruff format`` leaves them.
"""

from __future__ import annotations

from ..ir import Api, Operation, Service, TypeRef
from . import layout
from .escape import Code, ident
from .example import Imports, arguments, streaming_operation, upload_operation
from .types import Types


def _client(api: Api, service: Service, imports: Imports, *names: str) -> list[str]:
    module = f"{ident(api.package)}.{ident(service.python_name)}"
    extra = [(module, name) for name in names]
    if api.auth == "k2":
        extra.append((f"{ident(api.package)}.auth", "K2Auth"))
    return imports.lines(api, *extra)


def _auth(api: Api) -> list[str]:
    return ['auth=K2Auth("user", "password")'] if api.auth == "k2" else []


def _call(types: Types, op: Operation, imports: Imports, view: str = "", *options: str) -> str:
    values = [*arguments(types, op, imports), *options]
    return f"client.{view}{ident(op.python_name)}({', '.join(values)})"


def options_example(api: Api, types: Types, service: Service) -> Code:
    op = service.operations[0]
    imports = Imports()
    call = _call(types, op, imports, "", 'headers={"X-Request-Id": "42"}', "deadline=30.0")
    detailed = _call(types, op, imports, "detailed.")
    settings = [*_auth(api), "timeout=10.0", "retries=2"]
    retried = "GET, HEAD, PUT, DELETE"
    if op.method not in ("GET", "HEAD", "PUT", "DELETE"):
        settings.append("retry_post=True")
        retried = f"{op.method} too"
    client = f"Client({', '.join(settings)})"
    lines = [
        *_client(api, service, imports, "Client"),
        "",
        f"# 10 s per connect/read/write, 40 s a call; 2 retries when busy ({retried})",
        layout.expression(client, 0, "with ", " as client:"),
        "    # each call may pass headers, timeout, auth, deadline, retries (over the client's)",
        "    " + layout.expression(call, 4, "result = ", statement=True),
        "    # the whole response: status_code, headers, content, parsed",
        "    " + layout.expression(detailed, 4, "response = ", statement=True),
        '    print(result, response.status_code, response.headers["X-Request-Id"])',
    ]
    return Code("\n".join(lines))


def errors_example(api: Api, types: Types, service: Service, fault_classes: dict[TypeRef, str]) -> Code:
    op = service.operations[0]
    imports = Imports()
    fail = 'headers={"X-Fail": "1"}'
    call = _call(types, op, imports, "", fail)
    detailed = _call(types, op, imports, "detailed.", fail, "raise_for_status=False")
    declared = next((f for f in op.faults if f.type is not None), None)
    imports.package |= {"ApiError", "Error", "TransportError"}
    catch = []
    if declared is not None and declared.type is not None:
        fault = fault_classes[declared.type]
        imports.package.add(fault)
        catch = [
            f"    except {ident(fault)} as fault:",
            f"        # HTTP {declared.status} with the detail the spec declares, typed",
            "        print(fault.detail)",
        ]
    lines = [
        *_client(api, service, imports, "Client"),
        "",
        f"with Client({', '.join(_auth(api))}) as client:",
        "    try:",
        "        # X-Fail: the server example raises a WebFault",
        "        " + layout.expression(call, 8),
        *catch,
        "    except ApiError as error:",
        "        # an error status: status_code, code, reason, body",
        "        print(error.status_code, error)",
        "    except TransportError as error:",
        "        # no answer: connection, timeout, deadline (httpx's error is __cause__)",
        "        print(error, error.__cause__)",
        "    except Error as error:",
        "        # DecodeError, EncodeError: one except catches all the binding raises",
        "        print(error)",
        "    # an error answer returned, not raised: parsed is its fault detail, or None",
        "    " + layout.expression(detailed, 4, "response = ", statement=True),
        "    print(response.status_code, response.parsed)",
    ]
    return Code("\n".join(lines))


def streaming_example(api: Api, types: Types, service: Service) -> Code | None:
    """Reading a Stream answer in chunks (sync and async), and sending a Stream body from a
    file and from an iterator: for the first operation of each kind."""
    download, upload = streaming_operation(service), upload_operation(service)
    if download is None and upload is None:
        return None
    imports = Imports()
    imports.asyncio = download is not None
    auth = ", ".join(_auth(api))
    lines = ["", layout.expression(f"Client({auth})", 0, "client = ", statement=True)]
    if upload is not None:
        file_call = _call(types, upload, imports).replace('RawBody(b"data")', "file")
        chunks_call = _call(types, upload, imports).replace('RawBody(b"data")', 'iter([b"part 1, ", b"part 2"])')
        lines += [
            "# a file, or an iterator of bytes, is sent as it is read",
            'with client, open(__file__, "rb") as file:',
            "    " + layout.expression(f"print({file_call})", 4),
            "    " + layout.expression(f"print({chunks_call})", 4),
        ]
        if download is not None:
            lines += ["", layout.expression(f"Client({auth})", 0, "client = ", statement=True)]
    if download is not None:
        call = _call(types, download, imports, "stream.")
        lines += [
            "# the answer in chunks as they arrive, never whole in memory",
            layout.expression(call, 0, "with client, ", " as response:"),
            "    size = sum(len(chunk) for chunk in response.iter_bytes())",
            "    print(response.status_code, size)",
            "",
            "",
            "async def main() -> None:",
            "    " + layout.expression(f"AsyncClient({auth})", 4, "client = ", statement=True),
            "    " + layout.expression(call, 4, "async with client, ", " as response:"),
            "        async for chunk in response.aiter_bytes():",
            "            print(len(chunk))",
            "",
            "",
            "asyncio.run(main())",
        ]
    if not any("RawBody(" in line for line in lines):
        imports.package.discard("RawBody")  # the upload's RawBody argument was replaced
    names = ("AsyncClient", "Client") if download is not None else ("Client",)
    return Code("\n".join([*_client(api, service, imports, *names), *lines]))


def http_client_example(api: Api, types: Types, service: Service) -> Code:
    op = service.operations[0]
    imports = Imports()
    imports.modules |= {"logging", "httpx"}
    call = _call(types, op, imports)
    settings = [*_auth(api), 'event_hooks={"request": [show]}']
    lines = [
        *_client(api, service, imports, "Client"),
        "",
        "# retries are logged at INFO, each call at DEBUG",
        "logging.basicConfig(level=logging.INFO)",
        f'logging.getLogger("{ident(api.package)}").setLevel(logging.DEBUG)',
        "",
        "",
        "def show(request: httpx.Request) -> None:",
        '    print("sending", request.method, request.url.path)',
        "",
        "",
        "# your own httpx client (transport, hooks, limits, TLS) gets the client settings",
        layout.expression(f"httpx.Client({', '.join(settings)})", 0, "http = ", statement=True),
        "with http, Client(http_client=http) as client:",
        "    " + layout.expression(f"print({call})", 4),
    ]
    return Code("\n".join(lines))
