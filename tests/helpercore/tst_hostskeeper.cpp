#include "helper/hostskeeper.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray original = "127.0.0.1 localhost\n# kept as is\n";

HostEntries twoEntries()
{
    return {{QStringLiteral("10.0.0.2"), QStringLiteral("b.test"), {}},
            {QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), QStringLiteral("ns/web")}};
}

} // namespace

class TestHostsKeeper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void checkedEntriesAreWrittenWhole();
    void oneBadEntryRefusesTheRequest_data();
    void oneBadEntryRefusesTheRequest();
    void badMarkerAndOverflowAreRefused();
    void clearRestoresTheOriginalBytes();
    void entriesReadsTheBlock();
    void brokenPolicyIsAFailure();

private:
    QByteArray read() const;
    std::unique_ptr<HostsKeeper> keeper() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_hosts;
};

void TestHostsKeeper::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_hosts = m_dir->filePath(QStringLiteral("hosts"));
    QFile file(m_hosts);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(original);
}

QByteArray TestHostsKeeper::read() const
{
    QFile file(m_hosts);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::unique_ptr<HostsKeeper> TestHostsKeeper::keeper() const
{
    return std::make_unique<HostsKeeper>(m_hosts, m_dir->filePath(QStringLiteral("policy.conf")),
                                         m_dir->filePath(QStringLiteral("state")), false);
}

void TestHostsKeeper::checkedEntriesAreWrittenWhole()
{
    auto k = keeper();
    HostsKeeper::Outcome refusal;
    const std::optional<EntryValidator> rules =
        k->checkEntries(QStringLiteral("K8S-HOSTS"), twoEntries(), false, &refusal);
    QVERIFY2(rules, qPrintable(refusal.message));
    const HostsKeeper::Outcome outcome =
        k->apply(1000, QStringLiteral("K8S-HOSTS"), twoEntries(), *rules);
    QVERIFY2(outcome.ok(), qPrintable(outcome.message));
    QVERIFY(outcome.changed);
    QCOMPARE(read(), original + "#### BEGIN K8S-HOSTS ####\n"
                                "10.0.0.1 a.test  # ns/web\n"
                                "10.0.0.2 b.test\n"
                                "#### END K8S-HOSTS ####\n");
    // The same request again changes nothing, and says so (no resolver flush).
    QVERIFY(!k->apply(1000, QStringLiteral("K8S-HOSTS"), twoEntries(), *rules).changed);
}

void TestHostsKeeper::oneBadEntryRefusesTheRequest_data()
{
    QTest::addColumn<QString>("ip");
    QTest::addColumn<QString>("host");
    QTest::newRow("newline in a name")
        << QStringLiteral("10.0.0.3") << QStringLiteral("c.test\n1.2.3.4 evil.test");
    QTest::newRow("public name") << QStringLiteral("10.0.0.3")
                                 << QStringLiteral("accounts.google.com");
    QTest::newRow("metadata address")
        << QStringLiteral("169.254.169.254") << QStringLiteral("c.test");
    QTest::newRow("reserved name") << QStringLiteral("10.0.0.3") << QStringLiteral("localhost");
    QTest::newRow("wildcard") << QStringLiteral("10.0.0.3") << QStringLiteral("*.c.test");
}

void TestHostsKeeper::oneBadEntryRefusesTheRequest()
{
    QFETCH(QString, ip);
    QFETCH(QString, host);
    auto k = keeper();
    HostsKeeper::Outcome refusal;
    const std::optional<EntryValidator> rules = k->checkEntries(
        QStringLiteral("K8S-HOSTS"), twoEntries() << HostEntry{ip, host, {}}, false, &refusal);
    QVERIFY(!rules);
    QCOMPARE(refusal.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY2(refusal.message.startsWith(u"entry 3 of 3: "), qPrintable(refusal.message));
    QVERIFY(refusal.message.endsWith(u"; nothing was written"));
    QCOMPARE(read(), original);
}

void TestHostsKeeper::badMarkerAndOverflowAreRefused()
{
    auto k = keeper();
    HostsKeeper::Outcome refusal;
    QVERIFY(!k->checkEntries(QStringLiteral("k8s hosts"), twoEntries(), false, &refusal));
    QCOMPARE(refusal.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(refusal.message.contains(u"the marker must be"));
    QVERIFY(!k->checkEntries(QStringLiteral("K8S-HOSTS"), twoEntries(), true, &refusal));
    QCOMPARE(refusal.error, HelperProtocol::Error::InvalidArgument);
    QVERIFY(refusal.message.startsWith(u"more than 50000 entries"));
    QVERIFY(!HostsKeeper::checkMarker(QStringLiteral("END K8S-HOSTS ####\n")).ok());
    QVERIFY(HostsKeeper::checkMarker(QStringLiteral("K8S-HOSTS")).ok());
    QCOMPARE(read(), original);
}

void TestHostsKeeper::clearRestoresTheOriginalBytes()
{
    auto k = keeper();
    HostsKeeper::Outcome refusal;
    const auto rules = k->checkEntries(QStringLiteral("K8S-HOSTS"), twoEntries(), false, &refusal);
    QVERIFY(rules);
    QVERIFY(k->apply(0, QStringLiteral("K8S-HOSTS"), twoEntries(), *rules).ok());
    const HostsKeeper::Outcome cleared =
        k->clear(0, QStringLiteral("K8S-HOSTS"), QStringLiteral("Clear"));
    QVERIFY(cleared.ok());
    QVERIFY(cleared.changed);
    QCOMPARE(read(), original);
    QVERIFY(!k->clear(0, QStringLiteral("K8S-HOSTS"), QStringLiteral("Clear")).changed);
}

void TestHostsKeeper::entriesReadsTheBlock()
{
    auto k = keeper();
    HostsKeeper::Outcome refusal;
    const auto rules = k->checkEntries(QStringLiteral("K8S-HOSTS"), twoEntries(), false, &refusal);
    QVERIFY(rules);
    QVERIFY(k->apply(0, QStringLiteral("K8S-HOSTS"), twoEntries(), *rules).ok());
    const HostsKeeper::Outcome read = k->entries(QStringLiteral("K8S-HOSTS"));
    QVERIFY(read.ok());
    HostEntries expected = twoEntries();
    std::sort(expected.begin(), expected.end());
    QCOMPARE(read.entries, expected);
    QCOMPARE(k->entries(QStringLiteral("bad marker")).error,
             HelperProtocol::Error::InvalidArgument);
}

void TestHostsKeeper::brokenPolicyIsAFailure()
{
    QFile policy(m_dir->filePath(QStringLiteral("policy.conf")));
    QVERIFY(policy.open(QIODevice::WriteOnly));
    policy.write("allow-everything = yes\n");
    policy.close();
    auto k = keeper();
    HostsKeeper::Outcome refusal;
    QVERIFY(!k->checkEntries(QStringLiteral("K8S-HOSTS"), twoEntries(), false, &refusal));
    QCOMPARE(refusal.error, HelperProtocol::Error::Failed);
    QVERIFY(!refusal.message.isEmpty());
    QCOMPARE(read(), original);
}

QTEST_GUILESS_MAIN(TestHostsKeeper)
#include "tst_hostskeeper.moc"
