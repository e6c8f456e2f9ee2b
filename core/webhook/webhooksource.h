#pragma once

#include "core/mapping/mappingsource.h"
#include "core/webhook/webhookstore.h"

#include <QDateTime>

#include <optional>

// The names one ExternalDNS keeps with us through one listen address: a MappingSource whose
// context is "external-dns@<listener>". Its records are kept in a state file (written
// atomically after every change) and read back at start, so it has "listed" from the first
// moment: between our restart and ExternalDNS's next sync, its names stay published.
class WebhookSource : public MappingSource
{
    Q_OBJECT
public:
    WebhookSource(const QString &listener, QString stateFile, WebhookDomainFilter filter,
                  QObject *parent = nullptr);

    QString name() const override { return m_name; }
    bool isSynced() const override { return true; }
    ObjectMappings mappingsByObject() const override;

    // Reads the state file. A missing file is an empty store; an unreadable one is set aside
    // with a warning (ExternalDNS sends everything again on its next sync).
    void load();
    // Applies ExternalDNS's changes and logs each with the caller's address. False, with the
    // reason, when the state file cannot be written: nothing changes (the caller retries).
    bool apply(const WebhookChanges &changes, const QString &caller, QString *error);

    WebhookEndpoints records() const { return m_store.records(); }
    int recordCount() const { return int(m_store.size()); }

    // The last call anyone made (ExternalDNS, or a caller refused), for the window.
    struct Call
    {
        QDateTime at;
        QString caller; // its address
        QString what;   // "POST /records", or why it was refused (never the path secret)
        int status = 0; // the HTTP status answered
    };
    void noteCall(const QString &caller, const QString &what, int status);
    std::optional<Call> lastCall() const { return m_lastCall; }
    const WebhookDomainFilter &domainFilter() const { return m_filter; }
    QString stateFile() const { return m_stateFile; }

Q_SIGNALS:
    void called(); // lastCall() changed

private:
    QString m_name;
    QString m_stateFile;
    WebhookDomainFilter m_filter;
    WebhookStore m_store;
    std::optional<Call> m_lastCall;
};
