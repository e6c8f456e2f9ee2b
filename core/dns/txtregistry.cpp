#include "core/dns/txtregistry.h"

#include <QMap>
#include <QStringList>

namespace {

const QString heritage = QStringLiteral("heritage=external-dns");
const QString labelPrefix = QStringLiteral("external-dns/");

QString prefixFor(RecordType type)
{
    return recordTypeName(type).toLower() + u'-';
}

} // namespace

namespace TxtRegistry {

QString ownerName(const QString &name, RecordType type)
{
    return prefixFor(type) + name;
}

std::optional<std::pair<QString, RecordType>> recordOf(const QString &ownerName)
{
    // Longest prefix first: "aaaa-" also starts with "a".
    for (const RecordType type : {RecordType::AAAA, RecordType::A}) {
        const QString prefix = prefixFor(type);
        if (ownerName.startsWith(prefix) && ownerName.size() > prefix.size())
            return std::pair{ownerName.mid(prefix.size()), type};
    }
    return std::nullopt;
}

QString value(const QString &owner, const QString &resource)
{
    QMap<QString, QString> labels; // sorted by key, as ExternalDNS serializes them
    labels.insert(QStringLiteral("owner"), owner);
    if (!resource.isEmpty())
        labels.insert(QStringLiteral("resource"), resource);
    QStringList parts{heritage};
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts << labelPrefix + it.key() + u'=' + it.value();
    return parts.join(u',');
}

std::optional<QString> ownerOf(const QString &value)
{
    QString text = value.trimmed();
    if (text.size() >= 2 && text.startsWith(u'"') && text.endsWith(u'"'))
        text = text.mid(1, text.size() - 2);
    const QStringList parts = text.split(u',');
    if (!parts.contains(heritage))
        return std::nullopt;
    for (const QString &part : parts) {
        if (part.startsWith(labelPrefix + QStringLiteral("owner=")))
            return part.mid(labelPrefix.size() + 6);
    }
    return QString(); // ExternalDNS's, without an owner label
}

QString resourceOf(const QString &comment)
{
    QString text = comment;
    if (text.startsWith(u"k8s:"))
        text = text.mid(4);
    const QStringList parts = text.split(u'/');
    if (parts.size() < 4)
        return {};
    // context/namespace/Kind/name; the context may itself hold no '/': the last three count.
    const qsizetype n = parts.size();
    return parts.at(n - 2).toLower() + u'/' + parts.at(n - 3) + u'/' + parts.at(n - 1);
}

bool isValidOwner(const QString &owner)
{
    if (owner.isEmpty() || owner.size() > 64)
        return false;
    return std::all_of(owner.begin(), owner.end(), [](QChar c) {
        return c.isLetterOrNumber() && c.unicode() < 128 ? true : QStringView(u"-._@").contains(c);
    });
}

} // namespace TxtRegistry
