// k8s-hosts-bench-helper-caller: the unprivileged side of the helper round-trip benchmark.
// Run as a test user on the private bus, it reads {"sizes": [...], "calls": N} on stdin,
// sends N SetEntries of each size through HelperSink (the app's own client), one after the
// other, and prints one JSON line with each call's time from apply() to the answer.
#include "core/sink/helpersink.h"
#include "core/sink/wireentries.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <functional>

namespace {

// size hosts h0.test…, their addresses shifted by round so every call changes the file.
HostEntries entries(int size, int round)
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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return 2;
    const QJsonObject request = QJsonDocument::fromJson(input.readAll()).object();
    QList<int> sizes;
    for (const QJsonValue &size : request.value(u"sizes").toArray())
        sizes.append(size.toInt());
    const int calls = std::max(1, request.value(u"calls").toInt());

    WireEntries::registerMetaType();
    HelperSink sink(QDBusConnection::systemBus());
    sink.setKeepOnDisconnect(true);
    QJsonArray results;
    QJsonArray times;
    int sizeIndex = 0;
    int call = 0;
    QElapsedTimer clock;
    HostEntries next;
    const auto send = [&] {
        next = entries(sizes.at(sizeIndex), call);
        clock.start();
        sink.apply(QStringLiteral("BENCH"), next);
    };
    QObject::connect(&sink, &HostsSink::finished, &app, [&](const SinkReport &report) {
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        if (!report.ok() || report.current.size() != next.size()) {
            std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                                          {QStringLiteral("error"), report.error}})
                                    .toJson(QJsonDocument::Compact)
                                    .constData());
            QCoreApplication::exit(1);
            return;
        }
        times.append(ms);
        if (++call == calls) {
            results.append(QJsonObject{{QStringLiteral("size"), sizes.at(sizeIndex)},
                                       {QStringLiteral("ms"), times}});
            times = {};
            call = 0;
            if (++sizeIndex == sizes.size()) {
                std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                                              {QStringLiteral("results"), results}})
                                        .toJson(QJsonDocument::Compact)
                                        .constData());
                QCoreApplication::quit();
                return;
            }
        }
        send();
    });
    if (sizes.isEmpty())
        return 2;
    send();
    return app.exec();
}
