// SyncEngine and its publishers, against the fake API server: a restart adopts what the
// target holds (nothing written), lines of a context that has not listed are carried, a
// failed run never empties the target, and every entry's state is what its publisher
// reported — written, waiting, refused, paused, removed, failed — never what was wished.
#include "core/sink/publisher.h"
#include "core/sync/contextconnection.h"
#include "core/sync/publishchannel.h"
#include "core/sync/workspace.h"
#include "tests/support/fakeapiserver.h"
#include "tests/support/kubeobjects.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace {

// A target in memory: holds what it was given, counts the calls, fails when told to.
class RecordingPublisher : public Publisher
{
public:
    explicit RecordingPublisher(HostEntries held = {})
        : m_held(std::move(held))
    {}

    QString name() const override { return u"test target"_qs; }
    QString target() const override { return u"memory"_qs; }
    std::optional<HostEntries> readHeld(QString *) const override { return m_held; }
    void publish(const HostEntries &entries) override
    {
        ++publishes;
        answer(PublishResult::Operation::Publish, entries);
    }
    void withdraw() override
    {
        ++withdrawals;
        answer(PublishResult::Operation::Withdraw, {});
    }

    QString notice() const override { return noticeText; }
    void retryNotice() override { ++noticeRetries; }

    int publishes = 0;
    int withdrawals = 0;
    QString noticeText;
    int noticeRetries = 0;
    QString failWith;       // non-empty: every call fails with this
    bool permanent = false; // ... for good
    QStringList refuseHosts;
    HostEntries held() const { return m_held; }

private:
    void answer(PublishResult::Operation operation, HostEntries entries)
    {
        PublishResult r;
        r.operation = operation;
        if (!failWith.isEmpty()) {
            r.error = failWith;
            r.permanent = permanent;
        } else {
            for (qsizetype i = entries.size() - 1; i >= 0; --i) {
                if (refuseHosts.contains(entries[i].host)) {
                    r.refused.append({entries[i], EntryState::BlockedByPolicy, u"not today"_qs});
                    entries.removeAt(i);
                }
            }
            m_held = entries;
            r.held = entries;
        }
        QTimer::singleShot(0, this, [this, r] { Q_EMIT finished(r); });
    }

    HostEntries m_held;
};

HostEntry entry(const QString &ip, const QString &host, const QString &comment)
{
    return {ip, host, comment};
}

} // namespace

// QCOMPARE prints lists of entries as lines.
namespace QTest {
template <>
char *toString(const HostEntries &entries)
{
    QStringList lines;
    for (const HostEntry &e : entries)
        lines.append(e.ip + u' ' + e.host + u" # "_qs + e.comment);
    return qstrdup(qPrintable(lines.join(u" | "_qs)));
}
} // namespace QTest

namespace {} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void restartWithNothingChangedWritesNothing();
    void failedRunLeavesTheTargetAlone();
    void linesOfAContextNotListedAreCarried();
    void entriesSayWhatThePublisherDid();
    void permanentFailureWaitsForRetry();
    void retryAlsoRetriesANotice();
    void publishersComeAndGoWhileRunning();
    void hostsFileOutsideNamesSayWhichLineWins();

private:
    Workspace *workspace(RecordingPublisher *publisher, const QStringList &contexts);
    QString writeKubeconfig(const QList<std::pair<QString, FakeApiServer *>> &contexts);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeApiServer> m_a;
    std::unique_ptr<FakeApiServer> m_b;
    std::unique_ptr<Workspace> m_workspace;
};

void TestSyncEngine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_a = std::make_unique<FakeApiServer>();
    m_b = std::make_unique<FakeApiServer>();
    QVERIFY(m_a->listen() && m_b->listen());
    m_a->cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"ns"_qs, u"web"_qs, {u"web.local"_qs}, u"10.0.0.1"_qs));
    m_b->cluster().create(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"ns"_qs, u"api"_qs, {u"api.local"_qs}, u"10.0.0.2"_qs));
}

void TestSyncEngine::cleanup()
{
    m_workspace.reset();
    m_a.reset();
    m_b.reset();
}

QString TestSyncEngine::writeKubeconfig(const QList<std::pair<QString, FakeApiServer *>> &contexts)
{
    QByteArray yaml = "apiVersion: v1\nkind: Config\nclusters:\n";
    for (const auto &[name, server] : contexts)
        yaml += "- name: " + name.toUtf8() + "\n  cluster: {server: '" +
                server->url().toString().toUtf8() + "'}\n";
    yaml += "users:\n- name: anon\n  user: {}\ncontexts:\n";
    for (const auto &[name, server] : contexts)
        yaml += "- name: " + name.toUtf8() + "\n  context: {cluster: " + name.toUtf8() +
                ", user: anon}\n";
    yaml += "current-context: " + contexts.first().first.toUtf8() + "\n";
    const QString path = m_dir->filePath(u"kubeconfig"_qs);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(yaml);
    return path;
}

Workspace *TestSyncEngine::workspace(RecordingPublisher *publisher, const QStringList &contexts)
{
    Workspace::Options options;
    options.kubeconfig.explicitPath = writeKubeconfig({{u"a"_qs, m_a.get()}, {u"b"_qs, m_b.get()}});
    options.engine.marker = u"K8S-HOSTS"_qs;
    options.engine.timing.retryMinMs = 50;
    options.session.reflector.backoffMinMs = 20;
    options.session.reflector.backoffMaxMs = 200;
    options.session.discoveryRetryMs = 20;
    options.useKeychain = false;
    m_workspace = std::make_unique<Workspace>(QList<Publisher *>{publisher}, options);
    QString error;
    if (!m_workspace->load(&error))
        qWarning("%s", qPrintable(error));
    for (const QString &c : contexts)
        m_workspace->enableContext(c);
    return m_workspace.get();
}

// What an earlier run wrote is adopted: the same state again is not written (through the
// helper: no D-Bus call, no password prompt).
void TestSyncEngine::restartWithNothingChangedWritesNothing()
{
    auto *target =
        new RecordingPublisher({entry(u"10.0.0.2"_qs, u"api.local"_qs, u"b/ns/Ingress/api"_qs),
                                entry(u"10.0.0.1"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs)});
    Workspace *w = workspace(target, {u"a"_qs, u"b"_qs});
    QSignalSpy settled(w->engine(), &SyncEngine::settled);
    QVERIFY(settled.wait(10000));
    QCOMPARE(target->publishes, 0);
    const PublisherState &state = w->engine()->primary()->state();
    QCOMPARE(state.outcomeOf(u"web.local"_qs, u"10.0.0.1"_qs).state,
             EntryOutcome::State::Published);
    QVERIFY(!state.lastWrite.isValid()); // found there, not written by this run

    // A real change is written, once.
    m_a->cluster().apply(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"ns"_qs, u"web"_qs, {u"web.local"_qs}, u"10.0.0.9"_qs));
    QTRY_COMPARE_WITH_TIMEOUT(target->publishes, 1, 10000);
    QVERIFY(
        target->held().contains(entry(u"10.0.0.9"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs)));
}

// Nothing ever lists: nothing is written, the target keeps what it had.
void TestSyncEngine::failedRunLeavesTheTargetAlone()
{
    m_a->stopListening();
    const HostEntries before = {entry(u"10.0.0.1"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs),
                                entry(u"10.9.9.9"_qs, u"old.local"_qs, u"gone/ns/Ingress/x"_qs)};
    auto *target = new RecordingPublisher(before);
    Workspace *w = workspace(target, {u"a"_qs});
    QTRY_VERIFY_WITH_TIMEOUT(
        w->connection(u"a"_qs)->session()->status() == ContextSession::Status::Degraded, 10000);
    QTest::qWait(300); // several retries
    QCOMPARE(target->publishes, 0);
    QCOMPARE(target->held(), before);
    QVERIFY(!w->engine()->hasFullySynced());
    QVERIFY2(w->connection(u"a"_qs)->session()->statusMessage().contains(u"retrying in"_qs),
             qPrintable(w->connection(u"a"_qs)->session()->statusMessage()));
}

// Context b is down: a's fresh lines are written, b's stay as the target held them, and the
// line of a context nobody enabled goes only once everything has listed.
void TestSyncEngine::linesOfAContextNotListedAreCarried()
{
    m_b->stopListening();
    auto *target =
        new RecordingPublisher({entry(u"10.0.0.2"_qs, u"api.local"_qs, u"b/ns/Ingress/api"_qs),
                                entry(u"10.0.0.7"_qs, u"stale.local"_qs, u"a/ns/Ingress/stale"_qs),
                                entry(u"10.9.9.9"_qs, u"other.local"_qs, u"c/ns/Ingress/x"_qs)});
    Workspace *w = workspace(target, {u"a"_qs, u"b"_qs});
    QTRY_COMPARE_WITH_TIMEOUT(target->publishes, 1, 10000);
    // a listed: its stale line goes, web.local comes; b's and c's lines are carried.
    QCOMPARE(target->held(),
             (HostEntries{entry(u"10.0.0.2"_qs, u"api.local"_qs, u"b/ns/Ingress/api"_qs),
                          entry(u"10.9.9.9"_qs, u"other.local"_qs, u"c/ns/Ingress/x"_qs),
                          entry(u"10.0.0.1"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs)}));
    QVERIFY(!w->engine()->hasFullySynced());

    // b comes back and lists: the first full sync drops c's line (not enabled).
    QVERIFY(m_b->listen());
    QTRY_VERIFY_WITH_TIMEOUT(w->engine()->isSettled(), 15000);
    QCOMPARE(target->held(),
             (HostEntries{entry(u"10.0.0.2"_qs, u"api.local"_qs, u"b/ns/Ingress/api"_qs),
                          entry(u"10.0.0.1"_qs, u"web.local"_qs, u"a/ns/Ingress/web"_qs)}));
}

void TestSyncEngine::entriesSayWhatThePublisherDid()
{
    auto *target = new RecordingPublisher;
    target->refuseHosts = {u"api.local"_qs};
    Workspace *w = workspace(target, {u"a"_qs, u"b"_qs});
    QTRY_VERIFY_WITH_TIMEOUT(w->engine()->isSettled(), 10000);
    SyncEngine *engine = w->engine();
    const auto outcome = [engine](const QString &host, const QString &ip) {
        return engine->primary()->state().outcomeOf(host, ip);
    };
    QCOMPARE(outcome(u"web.local"_qs, u"10.0.0.1"_qs).state, EntryOutcome::State::Published);
    QCOMPARE(outcome(u"api.local"_qs, u"10.0.0.2"_qs).state, EntryOutcome::State::Refused);
    QCOMPARE(outcome(u"api.local"_qs, u"10.0.0.2"_qs).reason, u"not today"_qs);

    // Paused: the cluster moves on, the target does not, and the entry says both.
    engine->setPaused(true);
    m_a->cluster().apply(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"ns"_qs, u"web"_qs, {u"web.local"_qs}, u"10.0.0.5"_qs));
    QTRY_COMPARE_WITH_TIMEOUT(engine->entries().value(1).ip, u"10.0.0.5"_qs, 10000);
    EntryOutcome paused = outcome(u"web.local"_qs, u"10.0.0.5"_qs);
    QCOMPARE(paused.state, EntryOutcome::State::NotPublished);
    QVERIFY2(paused.reason.contains(u"paused"_qs), qPrintable(paused.reason));
    QCOMPARE(paused.heldAddresses, QStringList{u"10.0.0.1"_qs});

    // Removed on request: nothing is held, and it says so.
    QSignalSpy withdrawn(engine, &SyncEngine::withdrawn);
    engine->withdrawAll();
    QVERIFY(withdrawn.wait(5000));
    QVERIFY(target->held().isEmpty());
    const EntryOutcome removed = outcome(u"web.local"_qs, u"10.0.0.5"_qs);
    QCOMPARE(removed.state, EntryOutcome::State::NotPublished);
    QVERIFY2(removed.reason.contains(u"removed on request"_qs), qPrintable(removed.reason));
    QVERIFY(removed.heldAddresses.isEmpty());

    // A write that fails says why, and the entry is not called written.
    target->failWith = u"disk full"_qs;
    engine->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(outcome(u"web.local"_qs, u"10.0.0.5"_qs).state,
                              EntryOutcome::State::Failed, 5000);
    QVERIFY(outcome(u"web.local"_qs, u"10.0.0.5"_qs).reason.contains(u"disk full"_qs));
    QVERIFY(engine->primary()->state().retryInMs > 0); // and it will try again by itself

    target->failWith.clear();
    QTRY_COMPARE_WITH_TIMEOUT(outcome(u"web.local"_qs, u"10.0.0.5"_qs).state,
                              EntryOutcome::State::Published, 10000);
}

// Preferences add a publisher while running: it receives what the others hold. Taken away,
// it loses our entries first and leaves the engine; the primary one stays.
void TestSyncEngine::publishersComeAndGoWhileRunning()
{
    auto *file = new RecordingPublisher;
    Workspace *w = workspace(file, {u"a"_qs});
    SyncEngine *engine = w->engine();
    QTRY_VERIFY_WITH_TIMEOUT(engine->isSettled(), 10000);

    auto *zone = new RecordingPublisher;
    QPointer<RecordingPublisher> alive(zone);
    PublishChannel *channel = engine->addPublisher(zone);
    QCOMPARE(engine->channels().size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(zone->held(), file->held(), 10000);
    QVERIFY(!zone->held().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(engine->isSettled(), 10000);

    // It follows the cluster like the primary one.
    m_a->cluster().apply(
        ResourceKind::Ingress,
        KubeObjects::ingress(u"ns"_qs, u"web"_qs, {u"web.local"_qs}, u"10.0.0.8"_qs));
    QTRY_COMPARE_WITH_TIMEOUT(zone->held().value(0).ip, u"10.0.0.8"_qs, 10000);

    engine->removePublisher(engine->primary()); // refused: the hosts file stays
    QCOMPARE(engine->channels().size(), 2);
    QSignalSpy answers(zone, &Publisher::finished);
    engine->removePublisher(channel);
    QCOMPARE(engine->channels(), QList<PublishChannel *>{engine->primary()});
    QTRY_VERIFY_WITH_TIMEOUT(alive.isNull(), 5000); // withdrawn, then deleted
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.first().first().value<PublishResult>().operation,
             PublishResult::Operation::Withdraw);
    QVERIFY(!file->held().isEmpty()); // the others keep theirs
}

void TestSyncEngine::permanentFailureWaitsForRetry()
{
    auto *target = new RecordingPublisher;
    target->failWith = u"no helper"_qs;
    target->permanent = true;
    Workspace *w = workspace(target, {u"a"_qs});
    QSignalSpy failed(w->engine(), &SyncEngine::publishFailed);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(2).toInt(), -1); // not retried by itself
    QTest::qWait(300);
    QCOMPARE(target->publishes, 1);
    QVERIFY(w->engine()->primary()->state().permanent);
    target->failWith.clear();
    w->engine()->retryNow();
    QTRY_VERIFY_WITH_TIMEOUT(w->engine()->isSettled(), 5000);
    QCOMPARE(target->publishes, 2);
}

// Retry also tries again what a publisher's notice is about (the local resolver's
// registration), and only when there is one.
void TestSyncEngine::retryAlsoRetriesANotice()
{
    auto *target = new RecordingPublisher;
    Workspace *w = workspace(target, {u"a"_qs});
    QTRY_VERIFY_WITH_TIMEOUT(w->engine()->isSettled(), 5000);
    w->engine()->retryNow();
    QCOMPARE(target->noticeRetries, 0);
    target->noticeText = u"not registered with the system"_qs;
    w->engine()->retryNow();
    QCOMPARE(target->noticeRetries, 1);
}

// A name on another line of the hosts file wins: the reason names the line, its address,
// and another tool's block with the command that removes it.
void TestSyncEngine::hostsFileOutsideNamesSayWhichLineWins()
{
    const QString hosts = m_dir->filePath(u"hosts"_qs);
    QFile file(hosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("127.0.0.1 localhost\n#### BEGIN TYK-K8S-HOSTS ####\n172.18.0.9 web.local\n"
               "#### END TYK-K8S-HOSTS ####\n10.1.1.1 api.local\n");
    file.close();
    Workspace::Options options;
    options.kubeconfig.explicitPath = writeKubeconfig({{u"a"_qs, m_a.get()}, {u"b"_qs, m_b.get()}});
    options.engine.marker = u"K8S-HOSTS"_qs;
    options.engine.hostsFile = hosts;
    options.useKeychain = false;
    m_workspace = std::make_unique<Workspace>(QList<Publisher *>{new RecordingPublisher}, options);
    QString error;
    QVERIFY(m_workspace->load(&error));
    m_workspace->enableContext(u"a"_qs);
    m_workspace->enableContext(u"b"_qs);
    QTRY_VERIFY_WITH_TIMEOUT(m_workspace->engine()->isSettled(), 10000);
    QHash<QString, QString> reasons;
    for (const HostMapping &m : m_workspace->engine()->mappings()) {
        QCOMPARE(m.state, MappingState::Shadowed);
        reasons.insert(m.host, m.reason);
    }
    QVERIFY2(
        reasons.value(u"web.local"_qs)
                .contains(u"line 3 of the hosts file already names web.local (172.18.0.9) inside a "
                          "TYK-K8S-HOSTS block"_qs) &&
            reasons.value(u"web.local"_qs)
                .contains(u"k8s-hosts --no-gui --cleanup --marker TYK-K8S-HOSTS"_qs),
        qPrintable(reasons.value(u"web.local"_qs)));
    QVERIFY2(
        reasons.value(u"api.local"_qs)
            .contains(u"line 5 of the hosts file already names api.local (10.1.1.1) outside"_qs),
        qPrintable(reasons.value(u"api.local"_qs)));
}

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
