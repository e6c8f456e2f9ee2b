#pragma once

#include "core/hosts/entryvalidator.h"
#include "core/hosts/hostentry.h"

#include <QObject>

#include <optional>

// How one publish() or withdraw() ended.
struct PublishResult
{
    enum class Operation
    {
        Publish,
        Withdraw
    };

    Operation operation = Operation::Publish;
    QString error;          // a sentence with the fix; empty on success
    bool permanent = false; // retrying will not help until someone fixes something
    // What the target holds of ours after the operation; nullopt: unknown, so unchanged.
    std::optional<HostEntries> held;
    // What it held before, when the publisher first read that during this operation (a
    // DNS zone is read at the first publish): the difference logged is the real one.
    std::optional<HostEntries> heldBefore;
    QList<EntryVerdict> refused; // entries the publisher left out, each with its reason

    bool ok() const { return error.isEmpty(); }
};

// One place the engine's names go: the hosts file (directly or through the helper), and
// beside it DNS targets. The engine hands every publisher the same desired entries; what a
// publisher answers — never what was wished — is what the views, logs and exit codes show.
// Asynchronous: every publish() and withdraw() is answered, in order, by exactly one
// finished(), never from inside the call.
class Publisher : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Publisher() override;

    virtual QString name() const = 0;   // "hosts file": in logs and the window
    virtual QString target() const = 0; // "/etc/hosts (block K8S-HOSTS)"
    // False for a publisher that only says what it would do (--dry-run).
    virtual bool writes() const { return true; }
    // True for one that can serve wildcard names ("*.apps.test"): the engine hands it those
    // too, after the exact names.
    virtual bool takesWildcards() const { return false; }

    // What the target holds of ours before we change anything (a restart adopts it, so an
    // unchanged state writes nothing); nullopt with *error when it cannot be read.
    virtual std::optional<HostEntries> readHeld(QString *error) const = 0;
    // Makes the target hold exactly these entries (those it accepts).
    virtual void publish(const HostEntries &entries) = 0;
    // Removes everything of ours from the target.
    virtual void withdraw() = 0;
    // Something to know that is no failure of the names it holds ("not registered with the
    // system: …"); empty when there is nothing to say. noticeChanged() announces a change.
    virtual QString notice() const { return {}; }
    // The user asked to try again (the window's Retry): what the notice is about is tried
    // again too.
    virtual void retryNotice() {}
    // The name policy changed: a publisher that checks names itself uses this one now.
    virtual void setPolicy(const NamePolicy &policy) { Q_UNUSED(policy) }

Q_SIGNALS:
    void finished(const PublishResult &result);
    // The target lost what we published without a request of ours (a daemon that holds our
    // records restarted): it holds nothing of ours now, and the desired entries must be
    // published again.
    void lostOutside(const QString &why);
    void noticeChanged();
};
