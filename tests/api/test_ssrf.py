"""Webhook SSRF: one allow rule for addresses (globally routable unicast, wrapped IPv4
included), and the delivery connects to the address that was checked, never to a second
answer of the DNS (rebinding), while keeping the Host header and the TLS name."""

import datetime
import ipaddress
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from api import webhook_delivery
from api.webhook_delivery import UnsafeTarget, attempt_delivery, check_target, is_public_address
from series.models import WebhookAttempt, WebhookEndpoint

pytestmark = pytest.mark.django_db

REFUSED = [
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.10",
    "169.254.169.254",
    "100.64.0.1",  # carrier-grade NAT (RFC 6598)
    "100.100.100.200",  # a cloud metadata service inside 100.64.0.0/10
    "192.0.0.8",  # IETF protocol assignments
    "192.0.0.170",
    "198.18.0.1",
    "0.0.0.0",  # noqa: S104 - an address to refuse, not one to bind
    "224.0.0.1",  # multicast
    "233.252.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fec0::1",
    "ff0e::1",  # global-scope multicast
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::127.0.0.1",  # IPv4-compatible
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:6464:64c8::",  # 6to4 of 100.100.100.200
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b:1::5db8:d822",  # local-use NAT64
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo wrapping 127.0.0.1
    "2001:db8::1",
]
ACCEPTED = [
    "93.184.216.34",
    "1.1.1.1",
    "::ffff:93.184.216.34",
    "2606:4700:4700::1111",
    "2002:5db8:d822::1",  # 6to4 of a public address
    "64:ff9b::5db8:d822",  # NAT64 of a public address
]


@pytest.mark.parametrize("address", REFUSED)
def test_addresses_outside_the_public_internet_are_refused(address):
    assert not is_public_address(address)
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(UnsafeTarget):
        check_target(f"https://{host}/hook")


@pytest.mark.parametrize("address", ACCEPTED)
def test_public_unicast_addresses_are_accepted(address):
    assert is_public_address(address)
    host = f"[{address}]" if ":" in address else address
    checked = check_target(f"https://{host}/hook")
    assert [ipaddress.ip_address(a) for a in checked] == [ipaddress.ip_address(address)]


def test_a_name_resolving_to_any_internal_address_is_refused(monkeypatch):
    def fake(host, port, *args, **kwargs):
        assert host == "mixed.example"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("100.100.100.200", port)),
        ]

    monkeypatch.setattr(webhook_delivery.socket, "getaddrinfo", fake)
    with pytest.raises(UnsafeTarget):
        check_target("https://mixed.example/hook")


# --- DNS rebinding ----------------------------------------------------------------------------


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, body=b"secret internal answer"):
        self.requests = []
        self.body = body
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                self.rfile.read(int(self.headers.get("content-length", 0)))
                recorder.requests.append(dict(self.headers.items()))
                self.send_response(200)
                self.send_header("content-type", "text/plain")
                self.end_headers()
                self.wfile.write(recorder.body)

            def log_message(self, *args):
                pass

        super().__init__(address, Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()


@pytest.fixture
def two_servers():
    """An 'outside' server on 127.0.0.2 and an 'internal' one on 127.0.0.1, same port."""
    for _ in range(20):
        outside = Recorder(("127.0.0.2", 0), body=b"outside answer")
        port = outside.server_address[1]
        try:
            internal = Recorder(("127.0.0.1", port))
        except OSError:
            outside.stop()
            continue
        break
    yield outside, internal, port
    outside.stop()
    internal.stop()


@pytest.fixture
def rebinding_dns(monkeypatch):
    """hooks.partner.example answers 127.0.0.2 (treated as public here) the first time, then
    127.0.0.1: the second look-up a naive client makes lands inside."""
    real = socket.getaddrinfo
    answers = ["127.0.0.2"]

    def fake(host, port, *args, **kwargs):
        if host != "hooks.partner.example":
            return real(host, port, *args, **kwargs)
        address = answers.pop(0) if answers else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    real_rule = webhook_delivery.is_public_address
    monkeypatch.setattr(
        webhook_delivery,
        "is_public_address",
        lambda address: address == "127.0.0.2" or real_rule(address),
    )


def test_delivery_connects_to_the_checked_address_not_a_rebound_one(two_servers, rebinding_dns):
    outside, internal, port = two_servers
    WebhookEndpoint.objects.create(
        name="Partenaire",
        url=f"http://hooks.partner.example:{port}/hook",
        events=["story.updated"],
    )
    delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
    assert attempt_delivery(delivery.pk) == "succeeded"
    assert internal.requests == []
    assert len(outside.requests) == 1
    assert outside.requests[0]["Host"] == f"hooks.partner.example:{port}"
    assert WebhookAttempt.objects.get().response_excerpt == "outside answer"


def test_the_admin_never_shows_the_body_of_an_internal_answer(two_servers, settings, client):
    """Private targets allowed (a development setting): the answer is delivered, but its body
    is neither stored nor shown, so the log is no window into internal services."""
    _outside, internal, port = two_servers
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    WebhookEndpoint.objects.create(
        name="Interne", url=f"http://127.0.0.1:{port}/hook", events=["story.updated"]
    )
    delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
    assert attempt_delivery(delivery.pk) == "succeeded"
    assert len(internal.requests) == 1
    assert WebhookAttempt.objects.get().response_excerpt == ""

    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    html = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk])).content.decode()
    assert "secret internal answer" not in html


def test_a_refused_target_is_never_contacted(two_servers, monkeypatch):
    _outside, internal, port = two_servers

    def fake(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    WebhookEndpoint.objects.create(
        name="Piège", url=f"http://trap.example:{port}/hook", events=["story.updated"]
    )
    delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
    assert attempt_delivery(delivery.pk) == "failed"
    attempt = WebhookAttempt.objects.get()
    assert attempt.error.startswith("Refused") and attempt.response_excerpt == ""
    assert internal.requests == []


# --- TLS keeps the host name --------------------------------------------------------------------


def self_signed(tmp_path, name):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_https_delivery_keeps_the_host_name_for_sni_and_certificate(
    tmp_path, monkeypatch, rebinding_dns
):
    cert_file, key_file = self_signed(tmp_path, "hooks.partner.example")
    server = Recorder(("127.0.0.2", 0), body=b"tls answer")
    seen_names = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda sock, name, ctx: seen_names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]

    def trusting_context():
        client_context = ssl.create_default_context(cafile=str(cert_file))
        return client_context

    monkeypatch.setattr(webhook_delivery, "ssl_context", trusting_context)
    try:
        WebhookEndpoint.objects.create(
            name="TLS",
            url=f"https://hooks.partner.example:{port}/hook",
            events=["story.updated"],
        )
        delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
        # The certificate names hooks.partner.example: verification passes only if the TLS
        # name is the URL's host, not the address that was dialled.
        assert attempt_delivery(delivery.pk) == "succeeded", WebhookAttempt.objects.get().error
        assert seen_names == ["hooks.partner.example"]
        assert server.requests[0]["Host"] == f"hooks.partner.example:{port}"
    finally:
        server.stop()
