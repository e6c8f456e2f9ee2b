#pragma once

#include "core/hosts/entryvalidator.h"
#include "core/hosts/filereplacer.h"
#include "core/hosts/hostentry.h"
#include "core/hosts/hostsdocument.h"

#include <QSet>

#include <functional>
#include <optional>

// Our block in one hosts file: read, apply a desired set, clear. Every edit takes the lock,
// re-reads the file, rebuilds only our block from the desired set, writes nothing when the
// bytes would not change, and starts over if another tool changed the file meanwhile.
class HostsFile
{
public:
    explicit HostsFile(const QString &path, FileReplacer::Options options = {});

    struct Result
    {
        bool ok = false;
        bool changed = false; // the file was rewritten
        QString error;
        bool permanent = false; // the error stays until someone fixes the file (see FileReplacer)
        std::optional<HostsDocument> before; // the file as the edit found it
        HostEntries current;                 // our entries after the edit

        // Our entries before the edit, parsed when asked: most writers never ask.
        HostEntries previous() const { return before ? before->entries() : HostEntries{}; }
        QList<EntryVerdict> rejected;
    };

    // Skip: write what passes, report the rest (the app). RefuseAll: write nothing unless
    // every entry passes (the helper: a caller's request is taken whole or not at all).
    enum class Rejections
    {
        Skip,
        RefuseAll
    };

    // acceptedBefore: what an earlier apply with this validator accepted (see review()).
    Result apply(const QString &marker, const HostEntries &desired, const EntryValidator &validator,
                 Rejections mode = Rejections::Skip, const HostEntries &acceptedBefore = {});
    Result clear(const QString &marker);
    std::optional<HostEntries> entries(const QString &marker, QString *error) const;
    // Names on lines outside our block, so the app can show what a write would shadow.
    std::optional<QSet<QString>> namesOutsideBlock(const QString &marker, QString *error) const;
    // The same with the line that names each (HostsDocument::outsideNames()).
    std::optional<OutsideNames> outsideNames(const QString &marker, QString *error) const;

    QString path() const { return m_replacer.path(); }

private:
    struct Plan
    {
        QByteArray content;
        HostEntries current;
        QList<EntryVerdict> rejected;
        QString refusal; // non-empty: write nothing
    };
    std::optional<HostsDocument> read(const QString &marker, QString *error) const;
    Result edit(const QString &marker, const std::function<Plan(const HostsDocument &)> &plan);

    FileReplacer m_replacer;
};
