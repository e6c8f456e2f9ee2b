#include "app/headless/logoutput.h"

#include "core/log/logevent.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdio>

namespace {

LogStyle style = LogStyle::Text;

Q_LOGGING_CATEGORY(lcRun, "k8shosts.headless", QtInfoMsg)

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

QByteArray jsonLine(QtMsgType type, const QString &category, const QString &message)
{
    QJsonObject line{{u"time"_qs, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                     {u"level"_qs, QString::fromLatin1(levelName(type))},
                     {u"category"_qs, category},
                     {u"msg"_qs, message}};
    if (const LogFields *f = currentLogFields()) {
        const std::pair<const char *, const QString *> fields[] = {
            {"event", &f->event},        {"host", &f->host},       {"ip", &f->ip},
            {"source", &f->source},      {"context", &f->context}, {"reason", &f->reason},
            {"publisher", &f->publisher}};
        for (const auto &[key, value] : fields) {
            if (!value->isEmpty())
                line.insert(QLatin1String(key), *value);
        }
    }
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

void write(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString category = QString::fromLatin1(context.category ? context.category : "default");
    QByteArray line;
    if (style == LogStyle::Json) {
        line = jsonLine(type, category, message);
    } else {
        line = (QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + u' ' +
                QString::fromLatin1(levelName(type)) + u' ' + category + u": "_qs + message)
                   .toUtf8();
    }
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void installLogOutput(LogStyle chosen, bool verbose)
{
    style = chosen;
    qInstallMessageHandler(write);
    QLoggingCategory::setFilterRules(verbose ? u"k8shosts.*.debug=true"_qs
                                             : u"k8shosts.*.debug=false"_qs);
}

void reportError(const QString &text)
{
    if (style == LogStyle::Json) {
        logEvent(lcRun(), QtCriticalMsg, text, {u"error"_qs, {}, {}, {}, {}, text, {}});
        return;
    }
    const QByteArray line = "k8s-hosts: " + text.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}
