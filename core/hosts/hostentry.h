#pragma once

#include <QList>
#include <QString>

// One line of our block: "IP HOST  # comment". Sorted by host, then address, so the
// rendered block is deterministic whatever order the cluster reported things in.
struct HostEntry
{
    QString ip;
    QString host;
    QString comment;

    friend bool operator==(const HostEntry &, const HostEntry &) = default;
    friend auto operator<=>(const HostEntry &a, const HostEntry &b)
    {
        if (auto c = a.host.compare(b.host); c != 0)
            return c <=> 0;
        if (auto c = a.ip.compare(b.ip); c != 0)
            return c <=> 0;
        return a.comment.compare(b.comment) <=> 0;
    }
};

using HostEntries = QList<HostEntry>;

// a == b, decided without reading the text when both share their strings, as copies taken
// from one list do: walks over two versions of a 10,000-line block mostly meet those.
inline bool sameEntry(const HostEntry &a, const HostEntry &b)
{
    const auto same = [](const QString &x, const QString &y) {
        return (x.constData() == y.constData() && x.size() == y.size()) || x == y;
    };
    return same(a.host, b.host) && same(a.ip, b.ip) && same(a.comment, b.comment);
}
