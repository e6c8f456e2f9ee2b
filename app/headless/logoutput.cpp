#include "app/headless/logoutput.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdio>

namespace {

LogStyle style = LogStyle::Text;

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

void write(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString category = QString::fromLatin1(context.category ? context.category : "default");
    QByteArray line;
    if (style == LogStyle::Json) {
        line = QJsonDocument(QJsonObject{{u"time"_qs, time},
                                         {u"level"_qs, QString::fromLatin1(levelName(type))},
                                         {u"category"_qs, category},
                                         {u"msg"_qs, message}})
                   .toJson(QJsonDocument::Compact);
    } else {
        line = (time + u' ' + QString::fromLatin1(levelName(type)) + u' ' + category + u": "_qs +
                message)
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
