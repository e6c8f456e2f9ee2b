#include "core/hosts/hostname.h"

#include <QList>

#include <algorithm>

namespace {

bool isLabelChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

bool fail(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return false;
}

bool checkLabel(QStringView label, QString *why)
{
    if (label.isEmpty())
        return fail(why, QStringLiteral("has an empty label (\"..\" or a leading/trailing dot)"));
    if (label.size() > 63)
        return fail(why, QStringLiteral("has a label longer than 63 characters"));
    for (QChar c : label) {
        if (!isLabelChar(c))
            return fail(why,
                        QStringLiteral("contains a character other than a-z, 0-9, '-' and '.'"));
    }
    if (label.front() == u'-' || label.back() == u'-')
        return fail(why, QStringLiteral("has a label that starts or ends with '-'"));
    return true;
}

} // namespace

namespace Hostname {

bool isWildcard(QStringView host)
{
    return host.contains(u'*');
}

std::optional<QString> normalize(QStringView host, QString *why)
{
    if (host.isEmpty()) {
        fail(why, QStringLiteral("is empty"));
        return std::nullopt;
    }
    if (host.size() > 253) {
        fail(why, QStringLiteral("is longer than 253 characters"));
        return std::nullopt;
    }
    // Only ASCII letters are folded; anything else (Unicode look-alikes) stays and fails.
    QString lower(host.size(), Qt::Uninitialized);
    QChar *out = lower.data();
    for (QChar c : host)
        *out++ = c >= u'A' && c <= u'Z' ? QChar(c.unicode() + 32) : c;

    // Label by label without a list: this runs for every entry of every write.
    QStringView last;
    for (qsizetype from = 0;;) {
        const qsizetype dot = lower.indexOf(u'.', from);
        last = QStringView(lower).sliced(from, (dot < 0 ? lower.size() : dot) - from);
        if (!checkLabel(last, why))
            return std::nullopt;
        if (dot < 0)
            break;
        from = dot + 1;
    }
    if (std::all_of(last.begin(), last.end(), [](QChar c) { return c.isDigit(); })) {
        fail(why, QStringLiteral("ends in an all-numeric label and would read as an address"));
        return std::nullopt;
    }
    return lower;
}

bool isUnder(QStringView host, QStringView suffix)
{
    if (host == suffix)
        return true;
    return host.size() > suffix.size() && host.endsWith(suffix) &&
           host[host.size() - suffix.size() - 1] == u'.';
}

} // namespace Hostname
