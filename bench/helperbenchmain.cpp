// k8s-hosts-bench-helper: the helper round trip — SetEntries of 10, 1,000 and 10,000 entries
// from an unprivileged user through the real D-Bus helper (private system bus, real polkitd,
// the helper as root; the fixture of tests/helper), next to the same write done in-process by
// the hosts engine. Needs root, as the helper tests do. Prints figures, asserts nothing.
#include "bench/report.h"
#include "bench/samples.h"
#include "core/hosts/hostsfile.h"
#include "tests/helper/helperfixture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <unistd.h>

namespace {

HostEntries entries(int size, int round)
{
    HostEntries out;
    for (int i = 0; i < size; ++i) {
        const int n = i + round;
        out.append(
            {QStringLiteral("10.%1.%2.%3").arg(n / 62500 % 250).arg(n / 250 % 250).arg(n % 250 + 1),
             QStringLiteral("h%1.test").arg(i), QStringLiteral("bench/h%1").arg(i)});
    }
    return out;
}

// The same writes in this process: what the helper adds is the difference.
void direct(Report &report, const QList<int> &sizes, int calls)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("hosts"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("127.0.0.1 localhost\n") < 0) {
        report.problem(QStringLiteral("cannot write %1").arg(path));
        return;
    }
    file.close();
    HostsFile hosts(path);
    const EntryValidator validator(NamePolicy(), ReservedNames::forThisMachine());
    for (const int size : sizes) {
        Samples ms;
        for (int call = 0; call < calls; ++call) {
            const HostEntries wanted = entries(size, call);
            QElapsedTimer clock;
            clock.start();
            const HostsFile::Result result = hosts.apply(QStringLiteral("BENCH"), wanted, validator,
                                                         HostsFile::Rejections::RefuseAll);
            ms.add(double(clock.nsecsElapsed()) / 1e6);
            if (!result.ok || result.current.size() != size) {
                report.problem(QStringLiteral("direct write of %1 entries failed: %2")
                                   .arg(size)
                                   .arg(result.error));
                return;
            }
        }
        report.figure(QStringLiteral("helper/%1/direct-write/p50").arg(size), ms.median(), u"ms"_qs,
                      QStringLiteral("in-process HostsFile::apply, same entries"));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times SetEntries through the real helper."));
    parser.addHelpOption();
    const QCommandLineOption smoke(QStringLiteral("smoke"), QStringLiteral("Few calls."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON lines."));
    const QCommandLineOption calls(QStringLiteral("calls"),
                                   QStringLiteral("Calls per size (default 20)."),
                                   QStringLiteral("n"), QStringLiteral("20"));
    parser.addOptions({smoke, json, calls});
    parser.process(app);
    Report report(parser.isSet(json));
    const int perSize = parser.isSet(smoke) ? 2 : std::max(1, parser.value(calls).toInt());
    const QList<int> sizes = {10, 1000, 10000};
    report.section(QStringLiteral("Helper round trip: SetEntries through HelperSink, the private "
                                  "system bus, polkitd and the helper (%1 calls per size)")
                       .arg(perSize));
    if (::geteuid() != 0) {
        report.problem(QStringLiteral("the helper benchmark starts a system bus, polkitd and the "
                                      "helper as root: run it as root"));
        return 1;
    }
    HelperFixture fixture;
    QString error;
    if (!fixture.start(&error)) {
        report.problem(u"helper fixture: "_qs + error);
        return 1;
    }
    QJsonArray sizeList;
    for (const int size : sizes)
        sizeList.append(size);
    const QJsonObject answer = fixture.call(
        HelperFixture::userAccount(), {{QStringLiteral("method"), QStringLiteral("sink-bench")},
                                       {QStringLiteral("sizes"), sizeList},
                                       {QStringLiteral("calls"), perSize}});
    if (!answer.value(u"ok").toBool()) {
        report.problem(QStringLiteral("SetEntries failed: %1 %2; helper log: %3")
                           .arg(answer.value(u"error").toString(),
                                answer.value(u"message").toString(),
                                fixture.helperLog().right(500)));
        return 1;
    }
    for (const QJsonValue &result : answer.value(u"results").toArray()) {
        const int size = result.toObject().value(u"size").toInt();
        Samples ms;
        const QJsonArray times = result.toObject().value(u"ms").toArray();
        for (const QJsonValue &t : times)
            ms.add(t.toDouble());
        report.figure(QStringLiteral("helper/%1/round-trip/first").arg(size),
                      times.first().toDouble(), u"ms"_qs);
        report.figure(QStringLiteral("helper/%1/round-trip/p50").arg(size), ms.median(), u"ms"_qs,
                      QStringLiteral("apply() to answer, file verified by the helper's reply"));
        report.figure(QStringLiteral("helper/%1/round-trip/max").arg(size), ms.max(), u"ms"_qs);
    }
    fixture.stop();
    direct(report, sizes, perSize);
    return report.problems() == 0 ? 0 : 1;
}
