#pragma once

#include "core/dns/tsigkey.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A real authoritative DNS server for one zone, started for a test on a free loopback port
// as the unprivileged user nobody (uid 65534), with a TSIG key that may update and transfer
// the zone; stopped by its PID. BIND 9 (named) or Knot (knotd), from their Debian packages.
class DnsServerFixture
{
public:
    enum class Kind
    {
        Bind,
        Knot
    };
    struct Options
    {
        QString zone = QStringLiteral("dev.example.test");
        bool allowTransfer = true; // false: updates only, zone transfers refused
    };

    explicit DnsServerFixture(Kind kind)
        : DnsServerFixture(kind, Options{})
    {}
    DnsServerFixture(Kind kind, Options options);
    ~DnsServerFixture();

    // False with *error when the server is not installed or does not come up.
    bool start(QString *error);
    void stop();

    QString name() const
    {
        return m_kind == Kind::Bind ? QStringLiteral("BIND") : QStringLiteral("Knot");
    }
    quint16 port() const { return m_port; }
    QString zone() const { return m_options.zone; }
    TsigKey key() const { return m_key; }
    QString keyFile() const; // as tsig-keygen writes it
    QString server() const;  // "127.0.0.1:PORT"

    // Read back with dig, as anyone would: the values of one name and type, sorted.
    QStringList lookup(const QString &name, const QString &type) const;
    // Changes made by someone else: nsupdate commands (server, zone and send are added).
    bool nsupdate(const QStringList &commands, QString *error) const;
    QString log() const;

private:
    bool writeBind(QString *error);
    bool writeKnot(QString *error);
    bool waitUntilServing(QString *error) const;

    Kind m_kind;
    Options m_options;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    TsigKey m_key;
    std::unique_ptr<QProcess> m_process;
};
