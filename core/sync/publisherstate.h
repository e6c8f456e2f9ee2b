#pragma once

#include "core/hosts/hostentry.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>

#include <optional>

// What became of one desired entry at one publisher.
struct EntryOutcome
{
    enum class State
    {
        Published,    // the target holds it
        Pending,      // a write is coming
        Refused,      // the publisher left it out (reason)
        NotPublished, // held back on purpose: paused, removed on request, a dry run
        Failed        // the last write failed (reason)
    };

    State state = State::Pending;
    QString reason;            // a sentence for every state but Published
    QStringList heldAddresses; // what the target holds for the host instead, if anything

    friend bool operator==(const EntryOutcome &, const EntryOutcome &) = default;
};

// What one publisher holds and why the rest is not there, kept from its own answers (and
// from what its target held at start), never from what the engine asked for. The window,
// the logs and the exit codes read this.
struct PublisherState
{
    QString name;   // "hosts file"
    QString target; // "/etc/hosts (block K8S-HOSTS)"
    bool writes = true;
    // What the target holds of ours; nullopt when it could not be read (readError says why).
    std::optional<HostEntries> held;
    QString readError;
    QHash<QString, QString> refused; // key(host, ip) → why the publisher left it out
    QString error;                   // the last write's failure, until one succeeds
    QString notice;                  // Publisher::notice(): no failure, but worth saying
    bool permanent = false;          // that failure waits for someone to fix something
    int retryInMs = 0;               // > 0: retried by itself after this long
    int attempt = 0;                 // failures in a row
    bool pending = false;            // a write is coming or under way
    bool paused = false;
    bool withdrawn = false; // our entries were removed on request and stay removed
    QDateTime lastWrite;    // the last write that succeeded

    EntryOutcome outcomeOf(const QString &host, const QString &ip) const;
    // The addresses the target holds for a host.
    QStringList heldAddresses(const QString &host) const;
    bool isHealthy() const { return error.isEmpty() && readError.isEmpty(); }

    static QString key(const QString &host, const QString &ip) { return host + u' ' + ip; }
    // Call after changing held: rebuilds the by-host index outcomeOf() reads.
    void indexHeld();

private:
    QHash<QString, QStringList> m_heldByHost;
};
