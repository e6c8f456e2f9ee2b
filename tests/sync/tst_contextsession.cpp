// ContextSession against the fake API server: how it reports what its collections bring in.
#include "core/kube/apiclient.h"
#include "core/sync/contextsession.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/seedworkload.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

class TestContextSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagedListIsReportedOnceItEnds();
    void watchesTheVersionTheClusterServes();
    void clusterWithoutGatewayApi();
    void discoveryFailureIsRetried();
};

namespace {

QStringList watchedPaths(const FakeApiServer &server)
{
    QStringList paths;
    for (const RequestRecord &r : server.requests()) {
        if (r.isWatch() && !paths.contains(r.path))
            paths << r.path;
    }
    paths.sort();
    return paths;
}

} // namespace

// Discovery reads the group's versions: TLSRoutes are read where the cluster serves them
// (v1alpha2 here), every other kind at v1.
void TestContextSession::watchesTheVersionTheClusterServes()
{
    FakeApiServer server;
    QVERIFY(server.listen());
    ApiClient client(server.url());
    ContextSession session(u"fake"_qs, &client, allSources(), {}, u"default"_qs);
    QSignalSpy synced(&session, &ContextSession::synced);
    session.start();
    QVERIFY(synced.wait(10000));
    QCOMPARE(session.servedSources(), allSources());
    // Seven watches at once: more than the six HTTP/1.1 connections Qt opens per manager.
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(server),
                              (QStringList{u"/api/v1/namespaces"_qs, u"/api/v1/services"_qs,
                                           u"/apis/gateway.networking.k8s.io/v1/gateways"_qs,
                                           u"/apis/gateway.networking.k8s.io/v1/grpcroutes"_qs,
                                           u"/apis/gateway.networking.k8s.io/v1/httproutes"_qs,
                                           u"/apis/gateway.networking.k8s.io/v1alpha2/tlsroutes"_qs,
                                           u"/apis/networking.k8s.io/v1/ingresses"_qs}),
                              10000);
}

// A cluster without the Gateway API CRDs (404 for the group) serves Ingresses and Services:
// that is an answer, not a failure.
void TestContextSession::clusterWithoutGatewayApi()
{
    FakeApiServer server;
    QVERIFY(server.listen());
    server.faults().failRequests(u"^/apis/gateway.networking.k8s.io$"_qs, 404);
    ApiClient client(server.url());
    ContextSession session(u"fake"_qs, &client, allSources(), {}, u"default"_qs);
    QSignalSpy synced(&session, &ContextSession::synced);
    session.start();
    QVERIFY(synced.wait(10000));
    QCOMPARE(session.servedSources(), Sources(Source::Ingress) | Source::Service);
    QCOMPARE(session.status(), ContextSession::Status::Synced);
    for (const QString &path : watchedPaths(server))
        QVERIFY2(!path.contains(u"gateway.networking.k8s.io"), qPrintable(path));
}

// A server error during discovery is not "not served": the session says so and tries again.
void TestContextSession::discoveryFailureIsRetried()
{
    FakeApiServer server;
    QVERIFY(server.listen());
    server.faults().failRequests(u"^/apis/gateway.networking.k8s.io/v1$"_qs, 500, 1);
    ApiClient client(server.url());
    ContextSession::Options options;
    options.discoveryRetryMs = 50;
    ContextSession session(u"fake"_qs, &client, allSources(), {}, u"default"_qs, options);
    QSignalSpy status(&session, &ContextSession::statusChanged);
    QSignalSpy synced(&session, &ContextSession::synced);
    session.start();
    QVERIFY(synced.wait(10000));
    QCOMPARE(session.servedSources(), allSources());
    const bool saidRetrying = std::any_of(status.cbegin(), status.cend(), [](const auto &args) {
        return args.at(0).template value<ContextSession::Status>() ==
                   ContextSession::Status::Degraded &&
               args.at(1).toString().contains(u"retrying");
    });
    QVERIFY(saidRetrying);
}

// Mappings recomputed after every page made a first sync quadratic in the cluster's size:
// a list is reported when it is complete, whatever its number of pages.
void TestContextSession::pagedListIsReportedOnceItEnds()
{
    FakeApiServer server;
    QVERIFY(server.listen());
    SeedWorkload{.namespaces = 4, .ingressesPerNamespace = 300}.populate(server.cluster());
    ApiClient client(server.url());
    ContextSession::Options options;
    options.reflector.pageSize = 50; // 24 pages of Ingresses
    ContextSession session(u"fake"_qs, &client, Source::Ingress, {}, u"default"_qs, options);
    QSignalSpy changed(&session, &ContextSession::mappingsChanged);
    QSignalSpy synced(&session, &ContextSession::synced);
    session.start();
    QVERIFY(synced.wait(30000));
    QTRY_COMPARE_WITH_TIMEOUT(session.mappings().size(), 1200, 10000);

    // Watched changes are still reported one by one.
    const qsizetype reportsOfTheLists = changed.size();
    server.cluster().remove(ResourceKind::Ingress, SeedWorkload::namespaceName(1), u"ing-0001"_qs);
    QTRY_COMPARE_WITH_TIMEOUT(session.mappings().size(), 1199, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() > reportsOfTheLists, 10000);
    // One report per collection (namespaces, Ingresses) and one for the deletion: never one
    // per page.
    QVERIFY2(changed.size() <= 3, qPrintable(QString::number(changed.size())));
}

QTEST_GUILESS_MAIN(TestContextSession)
#include "tst_contextsession.moc"
