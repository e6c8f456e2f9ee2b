#pragma once

#include "app/tray/traypreferences.h"
#include "core/sync/sourceset.h"

#include <QHash>
#include <QString>

class QSettings;

// What the tray app remembers between runs: which contexts are enabled and their namespace
// choices (kept for disabled contexts too, so enabling one again restores them), the
// preferences, and the window's layout. Never a credential: tokens live in the keychain.
class TraySettings
{
public:
    struct Context
    {
        bool enabled = false;
        NamespaceSelection namespaces;
        QString addressOverride;
        friend bool operator==(const Context &, const Context &) = default;
    };

    explicit TraySettings(QSettings *settings); // not owned

    // False until the first choice is saved: the first run enables the current context.
    bool hasContexts() const;
    QHash<QString, Context> contexts() const;
    void setContext(const QString &name, const Context &context);

    Sources sources() const;
    void setSources(Sources sources);
    QString marker() const; // K8S-HOSTS unless changed
    void setMarker(const QString &marker);
    bool keepEntriesAfterQuit() const;
    void setKeepEntriesAfterQuit(bool keep);
    NotificationLevel notifications() const; // problems unless changed
    void setNotifications(NotificationLevel level);
    bool publishMdns() const;
    void setPublishMdns(bool on);
    // "Use a hosts file I own…": written instead of /etc/hosts; empty: /etc/hosts.
    QString hostsFile() const;
    void setHostsFile(const QString &path);
    TrayResolver resolver() const;
    void setResolver(const TrayResolver &resolver);
    TrayDnsZone dnsZone() const;
    void setDnsZone(const TrayDnsZone &zone);

    QByteArray windowState(const QString &key) const;
    void setWindowState(const QString &key, const QByteArray &state);

    void sync();

private:
    void writeContexts(const QHash<QString, Context> &contexts);

    QSettings *m_settings;
};
