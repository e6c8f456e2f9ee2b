#include "core/install/templatefiller.h"

#include <QRegularExpression>

std::optional<TemplateFiller::Escaping> TemplateFiller::escapingFor(const QString &fileName)
{
    if (fileName.endsWith(u".plist") || fileName.endsWith(u".entitlements"))
        return Escaping::Xml;
    if (fileName.endsWith(u".h"))
        return Escaping::CString;
    return std::nullopt;
}

QString TemplateFiller::escaped(const QString &value, Escaping escaping)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (escaping == Escaping::Xml) {
            switch (c.unicode()) {
            case '&':
                out += u"&amp;";
                break;
            case '<':
                out += u"&lt;";
                break;
            case '>':
                out += u"&gt;";
                break;
            case '"':
                out += u"&quot;";
                break;
            case '\'':
                out += u"&apos;";
                break;
            default:
                out += c;
            }
        } else if (c == u'"' || c == u'\\') {
            out += u'\\';
            out += c;
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            out += QStringLiteral("\\%1").arg(c.unicode(), 3, 8, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<QByteArray> TemplateFiller::fill(const QByteArray &text,
                                               const QMap<QString, QString> &values,
                                               Escaping escaping, QString *error)
{
    static const QRegularExpression placeholder(QStringLiteral("@([A-Z][A-Z0-9_]*)@"));
    const QString source = QString::fromUtf8(text);
    QString out;
    qsizetype done = 0;
    for (auto it = placeholder.globalMatch(source); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        const auto value = values.constFind(name);
        if (value == values.cend()) {
            *error = QStringLiteral("the template uses @%1@, which has no value; add it to the "
                                    "generator or fix the template")
                         .arg(name);
            return std::nullopt;
        }
        out += QStringView(source).mid(done, match.capturedStart() - done);
        out += escaped(*value, escaping);
        done = match.capturedEnd();
    }
    out += QStringView(source).mid(done);
    return out.toUtf8();
}
