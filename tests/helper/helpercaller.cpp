// A D-Bus client of the helper that the helper tests run as an unprivileged user. It reads
// one request as JSON on stdin, calls the helper (directly, or through HelperSink), prints
// one JSON line with the outcome and either exits or, with "stay", keeps its bus connection
// open until it is killed (so the tests can check leases).
#include "core/sink/helperprotocol.h"
#include "core/sink/helpersink.h"
#include "core/sink/wireentries.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace {

HostEntries entriesFrom(const QJsonObject &request)
{
    HostEntries entries;
    for (const QJsonValue &row : request.value(u"entries").toArray()) {
        const QJsonArray fields = row.toArray();
        entries.append({fields.at(0).toString(), fields.at(1).toString(), fields.at(2).toString()});
    }
    // Large requests are generated here rather than piped in: h0.test, h1.test, ...
    const int generate = request.value(u"generate").toInt();
    for (int i = 0; i < generate; ++i)
        entries.append({QStringLiteral("10.0.%1.%2").arg(i / 250 % 250).arg(i % 250 + 1),
                        QStringLiteral("h%1.test").arg(i), QString()});
    return entries;
}

void print(QJsonObject result, const QDBusConnection &bus)
{
    result.insert(QStringLiteral("uniqueName"), bus.baseService());
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void finish(const QJsonObject &request, const QJsonObject &result, const QDBusConnection &bus)
{
    print(result, bus);
    if (!request.value(u"stay").toBool())
        QCoreApplication::quit();
}

QJsonObject fromReply(const QDBusMessage &reply)
{
    QJsonObject result{{QStringLiteral("ok"), reply.type() == QDBusMessage::ReplyMessage}};
    if (reply.type() == QDBusMessage::ErrorMessage) {
        result.insert(QStringLiteral("error"), reply.errorName());
        result.insert(QStringLiteral("message"), reply.errorMessage());
        return result;
    }
    if (!reply.arguments().isEmpty()) {
        const QVariant value = reply.arguments().constFirst();
        if (value.canConvert<QDBusArgument>()) {
            WireEntries wire;
            value.value<QDBusArgument>() >> wire;
            QJsonArray rows;
            for (const HostEntry &entry : std::as_const(wire.entries))
                rows.append(QJsonArray{entry.ip, entry.host, entry.comment});
            result.insert(QStringLiteral("entries"), rows);
        } else {
            result.insert(QStringLiteral("value"),
                          QJsonValue::fromVariant(value.value<QDBusVariant>().variant()));
        }
    }
    return result;
}

QDBusMessage buildCall(const QJsonObject &request)
{
    const QString method = request.value(u"method").toString();
    const QString marker = request.value(u"marker").toString();
    if (method == u"Version") {
        return QDBusMessage::createMethodCall(
                   HelperProtocol::serviceName(), HelperProtocol::objectPath(),
                   QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"))
               << HelperProtocol::interfaceName() << QStringLiteral("Version");
    }
    QDBusMessage call =
        QDBusMessage::createMethodCall(HelperProtocol::serviceName(), HelperProtocol::objectPath(),
                                       HelperProtocol::interfaceName(), method);
    // What the app does; "interactive": false sends the call as a background tool would.
    call.setInteractiveAuthorizationAllowed(request.value(u"interactive").toBool(true));
    if (method == u"SetEntries")
        call << marker << QVariant::fromValue(WireEntries{entriesFrom(request), false})
             << request.value(u"keep").toBool();
    else if (method == u"SetPolicy")
        call << request.value(u"domains").toVariant().toStringList()
             << request.value(u"public").toBool();
    else if (method == u"AllowDomains")
        call << request.value(u"domains").toVariant().toStringList();
    else
        call << marker;
    return call;
}

QString failureName(SinkReport::Failure failure)
{
    switch (failure) {
    case SinkReport::Failure::None:
        return QStringLiteral("None");
    case SinkReport::Failure::NotInstalled:
        return QStringLiteral("NotInstalled");
    case SinkReport::Failure::NotAuthorized:
        return QStringLiteral("NotAuthorized");
    case SinkReport::Failure::InvalidEntries:
        return QStringLiteral("InvalidEntries");
    case SinkReport::Failure::Failed:
        return QStringLiteral("Failed");
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return 2;
    const QJsonObject request = QJsonDocument::fromJson(input.readAll()).object();
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        std::fprintf(stderr, "no system bus: %s\n", qPrintable(bus.lastError().message()));
        return 2;
    }
    WireEntries::registerMetaType();
    const QString method = request.value(u"method").toString();

    if (method.startsWith(u"sink-")) {
        auto *sink = new HelperSink(bus, &app);
        sink->setKeepOnDisconnect(request.value(u"keep").toBool());
        QObject::connect(sink, &HostsSink::finished, &app,
                         [request, bus](const SinkReport &report) {
                             finish(request,
                                    {{QStringLiteral("ok"), report.ok()},
                                     {QStringLiteral("failure"), failureName(report.failure)},
                                     {QStringLiteral("message"), report.error}},
                                    bus);
                         });
        if (method == u"sink-apply")
            sink->apply(request.value(u"marker").toString(), entriesFrom(request));
        else
            sink->clear(request.value(u"marker").toString());
        return app.exec();
    }

    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(buildCall(request), 120000), &app);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, &app,
                     [request, bus](QDBusPendingCallWatcher *call) {
                         finish(request, fromReply(call->reply()), bus);
                     });
    return app.exec();
}
