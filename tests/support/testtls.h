#pragma once

#include <QByteArray>
#include <QSslConfiguration>

// The TEST-ONLY TLS material of tests/data/tls, compiled into the test-support library so
// the fake server and the tests find it without paths. Never trust these keys elsewhere.
namespace TestTls {

QByteArray caPem(); // signs the server and the trusted client certificate
QByteArray serverCertificatePem();
QByteArray serverKeyPem();
QByteArray clientCertificatePem(); // CN=test-admin, O=system:masters
QByteArray clientKeyPem();
QByteArray rogueClientCertificatePem(); // signed by a CA the server does not trust
QByteArray rogueClientKeyPem();

// The server side: its certificate and key, and the CA that client certificates must
// chain to. Client certificates are asked for but optional (token clients send none).
QSslConfiguration serverConfiguration();
// A client that trusts only the test CA (and presents no certificate).
QSslConfiguration clientConfiguration();

} // namespace TestTls
