// k8s-hosts-bench-dns: publishing to a team's zone — 1,000 and 10,000 names sent to a real
// BIND 9 (started on loopback as nobody, the fixture of tests/dns) by DnsUpdatePublisher:
// the time to the first full publish and the UPDATE messages it took, a restart that finds
// everything in place, and one changed name until the server answers with the new address.
// Needs root (the server runs as nobody). Prints figures, asserts nothing.
#include "bench/report.h"
#include "bench/samples.h"
#include "core/dns/dnsupdatepublisher.h"
#include "core/dns/txtregistry.h"
#include "core/dns/zoneplan.h"
#include "tests/dns/dnsserverfixture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>

#include <unistd.h>

namespace {

const QString zone = QStringLiteral("bench.example.test");

HostEntries names(int size, int round = 0)
{
    HostEntries out;
    for (int i = 0; i < size; ++i) {
        const int n = i + (i == 0 ? round : 0); // round changes the first name only
        out.append(
            {QStringLiteral("10.%1.%2.%3").arg(n / 62500 % 250).arg(n / 250 % 250).arg(n % 250 + 1),
             QStringLiteral("h%1.%2").arg(i).arg(zone),
             QStringLiteral("bench/ns/Ingress/h%1").arg(i)});
    }
    return out;
}

PublishResult publish(DnsUpdatePublisher &publisher, const HostEntries &entries, double *ms)
{
    PublishResult result;
    QEventLoop loop;
    const auto connection =
        QObject::connect(&publisher, &Publisher::finished, &loop, [&](const PublishResult &r) {
            result = r;
            loop.quit();
        });
    QElapsedTimer clock;
    clock.start();
    publisher.publish(entries);
    loop.exec();
    *ms = double(clock.nsecsElapsed()) / 1e6;
    QObject::disconnect(connection);
    return result;
}

DnsUpdatePublisher::Options optionsFor(const DnsServerFixture &server)
{
    DnsUpdatePublisher::Options o;
    QString error;
    o.server = *DnsServer::parse(server.server(), &error);
    o.zone = zone;
    o.key = server.key();
    o.owner = QStringLiteral("k8s-hosts-bench");
    o.timeoutMs = 60000;
    return o;
}

void measure(Report &report, int size, int changes)
{
    DnsServerFixture::Options serverOptions;
    serverOptions.zone = zone;
    DnsServerFixture server(DnsServerFixture::Kind::Bind, serverOptions);
    QString error;
    if (!server.start(&error)) {
        report.problem(u"BIND: "_qs + error);
        return;
    }
    const HostEntries wanted = names(size);
    double ms = 0;
    {
        DnsUpdatePublisher first(optionsFor(server));
        const PublishResult r = publish(first, wanted, &ms);
        if (!r.ok() || r.held.value_or(HostEntries{}).size() != size) {
            report.problem(QStringLiteral("first publish of %1 names: %2").arg(size).arg(r.error));
            return;
        }
        report.figure(QStringLiteral("dns/%1/first-publish").arg(size), ms, u"ms"_qs,
                      QStringLiteral("zone read by transfer, then every name with its TXT record"));
        report.figure(QStringLiteral("dns/%1/first-publish/updates").arg(size), first.updatesSent(),
                      u"messages"_qs, QStringLiteral("50 names per UPDATE"));
    }
    DnsUpdatePublisher publisher(optionsFor(server));
    const PublishResult again = publish(publisher, wanted, &ms);
    if (!again.ok()) {
        report.problem(QStringLiteral("restart with %1 names: %2").arg(size).arg(again.error));
        return;
    }
    report.figure(QStringLiteral("dns/%1/restart").arg(size), ms, u"ms"_qs,
                  QStringLiteral("a new publisher finds every name in place: %1 updates sent")
                      .arg(publisher.updatesSent()));

    // One name changes: publish, then ask the server (as anyone would) until it answers.
    DnsClient reader(optionsFor(server).server, std::nullopt, 5000);
    Samples visible;
    Samples published;
    for (int round = 1; round <= changes; ++round) {
        const HostEntries changed = names(size, round);
        QElapsedTimer clock;
        clock.start();
        double publishMs = 0;
        if (!publish(publisher, changed, &publishMs).ok()) {
            report.problem(QStringLiteral("change %1 of %2 names failed").arg(round).arg(size));
            return;
        }
        published.add(publishMs);
        for (;;) {
            DnsAnswer answer;
            const auto found = reader.query(changed.first().host, RecordType::A, &answer);
            if (found && !found->isEmpty() && found->first().value == changed.first().ip)
                break;
            if (clock.elapsed() > 30000) {
                report.problem(
                    QStringLiteral("the changed name never showed at %1 names").arg(size));
                return;
            }
            QThread::msleep(1);
        }
        visible.add(double(clock.nsecsElapsed()) / 1e6);
    }
    report.figure(QStringLiteral("dns/%1/change-published/p50").arg(size), published.median(),
                  u"ms"_qs,
                  QStringLiteral("one name changed: publish() until the server accepted it"));
    report.figure(QStringLiteral("dns/%1/change-visible/p50").arg(size), visible.median(), u"ms"_qs,
                  QStringLiteral("one name changed: publish() to the server answering with it"));
    report.figure(QStringLiteral("dns/%1/change-visible/p99").arg(size), visible.percentile(99),
                  u"ms"_qs, QStringLiteral("%1 changes").arg(visible.count()));
}

// Our share of a change, without a server: the plan against a zone of size names that
// holds them all (ZonePlan::make), the zone after it (apply) and the entries held (held),
// as DnsUpdatePublisher::run does for each change.
void measurePlanning(Report &report, int size, int changes)
{
    const QString owner = QStringLiteral("k8s-hosts-bench");
    DnsRecords records;
    for (const HostEntry &e : names(size)) {
        records.append({e.host, RecordType::A, 300, e.ip});
        records.append({TxtRegistry::ownerName(e.host, RecordType::A), RecordType::TXT, 300,
                        TxtRegistry::value(owner, TxtRegistry::resourceOf(e.comment))});
    }
    ZoneState state = ZoneState::from(zone, records); // each round changes it a little more
    Samples planned;
    for (int round = 1; round <= changes; ++round) {
        const HostEntries changed = names(size, round);
        QElapsedTimer clock;
        clock.start();
        const ZonePlan plan = ZonePlan::make(changed, state, owner);
        ZonePlan::apply(&state, plan.changes);
        const HostEntries held = ZonePlan::held(state, owner, changed);
        planned.add(double(clock.nsecsElapsed()) / 1e6);
        if (plan.changes.size() != 1 || held.size() != size) {
            report.problem(QStringLiteral("planning %1 names: %2 changes, %3 held")
                               .arg(size)
                               .arg(plan.changes.size())
                               .arg(held.size()));
            return;
        }
    }
    report.figure(QStringLiteral("dns/%1/change-planned/p50").arg(size), planned.median(), u"ms"_qs,
                  QStringLiteral("one name changed: plan, apply, held (no server)"));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Times RFC 2136 publishing to a real BIND server."));
    parser.addHelpOption();
    const QCommandLineOption smoke(QStringLiteral("smoke"), QStringLiteral("Tiny sizes."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON lines."));
    parser.addOptions({smoke, json});
    parser.process(app);
    Report report(parser.isSet(json));
    const bool tiny = parser.isSet(smoke);
    report.section(QStringLiteral("DNS zone: RFC 2136 updates with TSIG to BIND 9 on loopback"));
    if (::geteuid() != 0) {
        report.problem(QStringLiteral("the DNS benchmark starts BIND as nobody: run it as root"));
        return 1;
    }
    for (const int size : tiny ? QList<int>{20} : QList<int>{1000, 10000}) {
        measurePlanning(report, size, tiny ? 3 : 100);
        measure(report, size, tiny ? 3 : 100);
    }
    return report.problems() == 0 ? 0 : 1;
}
