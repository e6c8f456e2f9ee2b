// ContextSession against the fake API server: how it reports what its collections bring in.
#include "core/kube/apiclient.h"
#include "core/sync/contextsession.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/seedworkload.h"

#include <QSignalSpy>
#include <QTest>

class TestContextSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagedListIsReportedOnceItEnds();
};

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
