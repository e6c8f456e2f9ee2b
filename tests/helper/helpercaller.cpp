// A D-Bus client of the helper that the helper tests and the helper benchmark run as an
// unprivileged user. It reads one request as JSON on stdin, calls the helper (directly, or
// through HelperSink; "sink-bench" times series of calls), prints one JSON line with the
// outcome and either exits or, with "stay", keeps its bus connection open until it is
// killed (so the tests can check leases).
#include "core/sink/dbusresolverregistrar.h"
#include "core/sink/helperprotocol.h"
#include "core/sink/helpersink.h"
#include "core/sink/resolverregistration.h"
#include "core/sink/wireentries.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusVariant>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <memory>

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
        if (value.typeId() == QMetaType::QString) {
            result.insert(QStringLiteral("value"), value.toString());
        } else if (value.canConvert<QDBusArgument>()) {
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
    else if (method == u"RegisterResolver")
        call << request.value(u"domain").toString() << request.value(u"address").toString()
             << QVariant::fromValue(ushort(request.value(u"port").toInt()))
             << request.value(u"keep").toBool();
    else if (method == u"UnregisterResolver")
        call << request.value(u"domain").toString();
    else
        call << marker;
    return call;
}

// size hosts h0.test…, their addresses shifted by round so every call changes the file.
HostEntries benchEntries(int size, int round)
{
    HostEntries out;
    out.reserve(size);
    for (int i = 0; i < size; ++i) {
        const int n = i + round;
        out.append(
            {QStringLiteral("10.%1.%2.%3").arg(n / 62500 % 250).arg(n / 250 % 250).arg(n % 250 + 1),
             QStringLiteral("h%1.test").arg(i), QStringLiteral("bench/h%1").arg(i)});
    }
    return out;
}

// The helper round-trip benchmark: "calls" SetEntries of each of "sizes" through HelperSink
// (the app's own client), one after the other; prints each call's time from apply() to the
// answer.
void benchmark(const QJsonObject &request, const QDBusConnection &bus)
{
    QList<int> sizes;
    for (const QJsonValue &size : request.value(u"sizes").toArray())
        sizes.append(size.toInt());
    const int calls = std::max(1, request.value(u"calls").toInt());
    if (sizes.isEmpty()) {
        finish(request, {{QStringLiteral("ok"), false}, {QStringLiteral("error"), u"no sizes"_qs}},
               bus);
        return;
    }
    auto *sink = new HelperSink(bus, QCoreApplication::instance());
    sink->setKeepOnDisconnect(true);
    struct Run
    {
        QJsonArray results;
        QJsonArray times;
        qsizetype size = 0;
        int call = 0;
        QElapsedTimer clock;
        HostEntries next;
    };
    auto run = std::make_shared<Run>();
    const auto send = [sink, run, sizes] {
        run->next = benchEntries(sizes.at(run->size), run->call);
        run->clock.start();
        sink->apply(QStringLiteral("BENCH"), run->next);
    };
    QObject::connect(sink, &HostsSink::finished, sink, [=](const SinkReport &report) {
        const double ms = double(run->clock.nsecsElapsed()) / 1e6;
        if (!report.ok() || report.current.size() != run->next.size()) {
            finish(request,
                   {{QStringLiteral("ok"), false}, {QStringLiteral("error"), report.error}}, bus);
            return;
        }
        run->times.append(ms);
        if (++run->call == calls) {
            run->results.append(QJsonObject{{QStringLiteral("size"), sizes.at(run->size)},
                                            {QStringLiteral("ms"), run->times}});
            run->times = {};
            run->call = 0;
            if (++run->size == sizes.size()) {
                finish(request,
                       {{QStringLiteral("ok"), true}, {QStringLiteral("results"), run->results}},
                       bus);
                return;
            }
        }
        send();
    });
    send();
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

    if (method == u"sink-bench") {
        benchmark(request, bus);
        return app.exec();
    }
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

    if (method == u"registration") {
        // What the app does: ResolverRegistration for "domains"; one line once every domain
        // has an answer.
        auto *registration = new ResolverRegistration(
            std::make_unique<DBusResolverRegistrar>(bus), request.value(u"address").toString(),
            quint16(request.value(u"port").toInt()), &app);
        const QStringList domains = request.value(u"domains").toVariant().toStringList();
        auto listen = std::make_shared<QString>();
        QObject::connect(registration, &ResolverRegistration::listenRequested, &app,
                         [listen](const QString &address) { *listen = address; });
        QObject::connect(registration, &ResolverRegistration::changed, &app, [=] {
            const QString notice = registration->notice();
            if (registration->registered().size() != domains.size() && notice.isEmpty())
                return; // still asking
            finish(request,
                   {{QStringLiteral("ok"), notice.isEmpty()},
                    {QStringLiteral("registered"),
                     QJsonArray::fromStringList(registration->registered())},
                    {QStringLiteral("notice"), notice},
                    {QStringLiteral("listen"), *listen}},
                   bus);
        });
        registration->setDomains(domains);
        return app.exec();
    }

    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(buildCall(request), 120000), &app);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, &app,
                     [request, bus](QDBusPendingCallWatcher *call) {
                         finish(request, fromReply(call->reply()), bus);
                     });
    return app.exec();
}
