#pragma once

#include "core/resolver/localresponder.h"
#include "core/sink/publisher.h"

// --publish resolver: the names under the resolver's domains — wildcards too, which no hosts
// file can hold — answered by a local DNS responder in this process (LocalResponder). The
// domains are given, or those the wildcards name ("*.apps.test" → apps.test). What the
// system's resolver sends to it is the registration's job, not this class's.
class ResolverPublisher : public Publisher
{
    Q_OBJECT
public:
    struct Options
    {
        QList<ResponderEndpoint> listen;
        QStringList domains; // empty: the wildcards' domains
        quint32 ttl = 30;
        // Nobody registers it with the system: say how, for the domains it serves.
        bool sayHowToRegister = false;
    };
    // How the system's resolver is told to ask it (ResolverRegistration through the helper):
    // what it answers is shown as this publisher's notice.
    struct Registration
    {
        QString notice;         // "not registered with the system: …"; empty when it is
        QStringList registered; // "apps.test (dnsmasq: /etc/dnsmasq.d/…)"
    };

    explicit ResolverPublisher(Options options, QObject *parent = nullptr);

    // Binds the endpoints; false with *error (the address is taken, or not this machine's).
    bool start(QString *error);
    // Answers on address too, on the port it listens on already (the helper's link for
    // systemd-resolved); false with *error.
    bool alsoListenOn(const QString &address, QString *error);
    QList<ResponderEndpoint> endpoints() const { return m_responder->endpoints(); }
    QStringList domains() const { return m_responder->zone().domains(); }

    QString name() const override { return QStringLiteral("local resolver"); }
    QString target() const override;
    bool takesWildcards() const override { return true; }
    QString notice() const override { return m_registration.notice; }
    void retryNotice() override { Q_EMIT registrationRetryRequested(); }
    void setRegistration(const Registration &registration);
    // It starts empty: nothing was served before this process.
    std::optional<HostEntries> readHeld(QString *error) const override;
    void publish(const HostEntries &entries) override;
    void withdraw() override;

Q_SIGNALS:
    // The domains served changed (registration with the system follows them).
    void domainsChanged(const QStringList &domains);
    // Retry asked for with a notice shown: the registration asks the helper again.
    void registrationRetryRequested();

private:
    void answer(const PublishResult &result);

    Options m_options;
    Registration m_registration;
    LocalResponder *m_responder;
};
