#pragma once

#include "core/hosts/hostentry.h"
#include "core/hosts/namepolicy.h"
#include "core/hosts/reservednames.h"

#include <QSet>

// Why an entry is not in the block. The GUI shows these; the helper refuses on any.
enum class EntryState
{
    Active,
    InvalidAddress,
    InvalidHost,
    InvalidComment,
    Wildcard,
    Reserved,
    BlockedByPolicy,
    Shadowed,
    TooManyAddresses,
    LineTooLong,
    TooMany,
};

QString describeState(EntryState state);

struct EntryVerdict
{
    HostEntry entry; // canonical (lowercase host, canonical address) when Active
    EntryState state = EntryState::Active;
    QString reason; // a sentence for anything but Active

    bool isActive() const { return state == EntryState::Active; }
};

// Every check an entry must pass before it reaches a hosts file, shared by the app (to
// show states) and the helper (to refuse). Pure: the file's contents come in as names.
class EntryValidator
{
public:
    static constexpr qsizetype maxEntries = 50000;
    static constexpr qsizetype maxLineBytes = 255;
    static constexpr qsizetype maxCommentLength = 120;
    static constexpr qsizetype maxAddressesPerHost = 8;

    EntryValidator(NamePolicy policy, ReservedNames reserved);

    // Checks that depend on the entry alone.
    EntryVerdict check(const HostEntry &entry) const;

    struct Review
    {
        HostEntries accepted; // sorted, canonical, at most maxAddressesPerHost lines per host
        QList<EntryVerdict> rejected;
    };
    // All checks, including names already used outside our block (lowercase). Entries found
    // unchanged in acceptedBefore, which this validator accepted earlier, are not checked
    // again: a writer that changes one line of ten thousand checks one.
    Review review(const HostEntries &entries, const QSet<QString> &namesOutsideBlock,
                  const HostEntries &acceptedBefore = {}) const;
    // review()'s last step, for entries that passed check() and the names outside the block
    // already: sorted, each address of a host once, at most maxAddressesPerHost of them, at
    // most maxEntries in all.
    static Review arrange(HostEntries checked);

    // Empty when the comment is safe to write after "# ".
    static QString commentProblem(QStringView comment);

    const NamePolicy &policy() const { return m_policy; }

private:
    NamePolicy m_policy;
    ReservedNames m_reserved;
};
