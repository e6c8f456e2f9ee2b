#pragma once

#include "core/sync/sourceset.h"

#include <QString>
#include <QStringList>

// A team's DNS zone as the tray keeps it in its settings: everything but the key's secret,
// which lives in the keychain.
struct TrayDnsZone
{
    bool enabled = false;
    QString server; // HOST[:PORT]
    QString zone;
    quint32 ttl = 60;
    QString owner;   // empty: one per user, machine and marker
    QString keyName; // empty: unsigned updates
    QString keyAlgorithm;
    friend bool operator==(const TrayDnsZone &, const TrayDnsZone &) = default;

    // Where its secret is kept in the keychain.
    QString secretKey() const { return QStringLiteral("tsig/%1@%2").arg(keyName, server); }
};

// The local resolver for wildcard names (--publish resolver), as the tray keeps it.
struct TrayResolver
{
    static constexpr quint16 defaultPort = 15353;
    bool enabled = false;
    QStringList domains; // empty: the domains of the wildcard names
    quint16 port = defaultPort;
    friend bool operator==(const TrayResolver &, const TrayResolver &) = default;
};

// What the tray says unasked.
enum class NotificationLevel
{
    Off,
    Problems,   // a host no longer written, a context failing, the helper gone (the default)
    Everything, // and hosts added or moved
};

// What the Preferences dialog edits.
struct TrayPreferences
{
    Sources sources = allSources();
    QString marker;
    bool keepEntriesAfterQuit = false;
    NotificationLevel notifications = NotificationLevel::Problems;
    bool startAtLogin = false;
    bool publishMdns = false; // .local names on multicast DNS too
    TrayDnsZone dns;
    TrayResolver resolver;
    QByteArray newKeySecret; // a key imported in the dialog, on its way to the keychain
    friend bool operator==(const TrayPreferences &, const TrayPreferences &) = default;
};
