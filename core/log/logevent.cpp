#include "core/log/logevent.h"

#include <QRegularExpression>

namespace {

thread_local const LogFields *current = nullptr;

} // namespace

void logEvent(const QLoggingCategory &category, QtMsgType level, const QString &message,
              const LogFields &fields)
{
    if (!category.isEnabled(level))
        return;
    current = &fields; // the message handler reads them while this line is written
    const QMessageLogger logger(nullptr, 0, nullptr, category.categoryName());
    switch (level) {
    case QtDebugMsg:
        logger.debug().noquote() << message;
        break;
    case QtInfoMsg:
        logger.info().noquote() << message;
        break;
    case QtWarningMsg:
        logger.warning().noquote() << message;
        break;
    default:
        logger.critical().noquote() << message;
        break;
    }
    current = nullptr;
}

const LogFields *currentLogFields()
{
    return current;
}

namespace {

// "Bearer X", "Basic X", and key=value / key: value pairs whose key names a secret.
const QRegularExpression &credentialPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("(\\b(?:bearer|basic)\\s+)[^\\s\"',;]+|"
                       "(\\b(?:[a-z_-]*token|password|passwd|secret|client[_-]?key|"
                       "authorization|api[_-]?key)\\b\"?\\s*[:=]\\s*\"?)"
                       "(?:(?:bearer|basic)\\s+)?[^\\s\"',;&]+|"
                       "\\beyJ[a-zA-Z0-9_-]{8,}\\.[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]*"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern;
}

} // namespace

QString untrusted(QStringView text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            escaped += QStringLiteral("\\n");
        else if (u == u'\r')
            escaped += QStringLiteral("\\r");
        else if (u == u'\t')
            escaped += QStringLiteral("\\t");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029)
            escaped += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        else
            escaped += c;
    }
    // Keep what names the secret, drop the secret.
    QString out;
    qsizetype copied = 0;
    QRegularExpressionMatchIterator it = credentialPattern().globalMatch(escaped);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(escaped).sliced(copied, m.capturedStart() - copied);
        const QString keep = !m.captured(1).isEmpty() ? m.captured(1) : m.captured(2);
        out += keep + QStringLiteral("[redacted]");
        copied = m.capturedEnd();
    }
    out += QStringView(escaped).sliced(copied);
    return out;
}
