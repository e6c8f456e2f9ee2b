#pragma once

#include "app/tray/traypreferences.h"

#include <QGroupBox>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
struct TsigKey;

// Preferences' "Also publish to": .local names on multicast DNS, a team's DNS zone by
// RFC 2136 (server, zone, TTL, owner ID, and a TSIG key imported from tsig-keygen's file,
// whose secret goes to the keychain, never to the settings), and the local resolver that
// answers wildcard names (its domains and port).
class PublishingBox : public QGroupBox
{
    Q_OBJECT
public:
    PublishingBox(const TrayPreferences &current, bool mdnsSupported, QWidget *parent = nullptr);

    // Into p: publishMdns, dns, resolver and newKeySecret.
    void fill(TrayPreferences *p) const;
    // Empty when the choices can be used; else what is missing, as a sentence.
    QString problem() const;
    // "Import key file…" without the file dialog (tests); false with the reason shown.
    bool importKey(const QString &path);

    QCheckBox *mdnsBox() const { return m_mdns; }
    QCheckBox *dnsBox() const { return m_dns; }
    QLineEdit *serverEdit() const { return m_server; }
    QLineEdit *zoneEdit() const { return m_zone; }
    QLabel *keyLabel() const { return m_key; }
    QCheckBox *resolverBox() const { return m_resolver; }
    QLineEdit *resolverDomainsEdit() const { return m_resolverDomains; }
    QSpinBox *resolverPortBox() const { return m_resolverPort; }

Q_SIGNALS:
    void changed();

private:
    void chooseKeyFile();
    void showKey();
    void updateEnabled();
    QWidget *makeResolverFields(const TrayResolver &current);
    QStringList resolverDomains() const;

    QCheckBox *m_mdns;
    QCheckBox *m_dns;
    QWidget *m_dnsFields;
    QLineEdit *m_server;
    QLineEdit *m_zone;
    QSpinBox *m_ttl;
    QLineEdit *m_owner;
    QLabel *m_key;
    QPushButton *m_import;
    QPushButton *m_forget;
    QCheckBox *m_resolver;
    QWidget *m_resolverFields;
    QLineEdit *m_resolverDomains;
    QSpinBox *m_resolverPort;
    TrayDnsZone m_zoneKept; // the key name and algorithm as they stand
    QByteArray m_newSecret;
    QString m_keyError;
};
