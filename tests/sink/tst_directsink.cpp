#include "core/sink/directsink.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray original = "127.0.0.1 localhost\n# a comment kept as is\r\n";

EntryValidator validator()
{
    return EntryValidator(NamePolicy(), ReservedNames(QStringLiteral("testbox")));
}

} // namespace

class TestDirectSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void appliesAfterTheCallReturns();
    void writesWhatPassesAndReportsTheRest();
    void clearGivesBackTheOriginalBytes();
    void answersInOrder();
    void failureIsASentence();

private:
    QByteArray read() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestDirectSink::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("hosts"));
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(original);
}

QByteArray TestDirectSink::read() const
{
    QFile file(m_path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestDirectSink::appliesAfterTheCallReturns()
{
    DirectSink sink(m_path, validator());
    QSignalSpy finished(&sink, &HostsSink::finished);
    sink.apply(QStringLiteral("K8S-HOSTS"),
               {{QStringLiteral("10.0.0.2"), QStringLiteral("b.test"), {}},
                {QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), QStringLiteral("ns/web")}});
    QCOMPARE(finished.count(), 0);
    QCOMPARE(read(), original);
    QVERIFY(finished.wait(5000));
    const auto report = finished.at(0).at(0).value<SinkReport>();
    QVERIFY2(report.ok(), qPrintable(report.error));
    QCOMPARE(report.operation, SinkReport::Operation::Apply);
    QCOMPARE(report.marker, QStringLiteral("K8S-HOSTS"));
    QCOMPARE(report.current.size(), 2);
    QCOMPARE(read(), original + "#### BEGIN K8S-HOSTS ####\n10.0.0.1 a.test  # ns/web\n"
                                "10.0.0.2 b.test\n#### END K8S-HOSTS ####\n");
}

void TestDirectSink::writesWhatPassesAndReportsTheRest()
{
    DirectSink sink(m_path, validator());
    QSignalSpy finished(&sink, &HostsSink::finished);
    sink.apply(QStringLiteral("K8S-HOSTS"),
               {{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), {}},
                {QStringLiteral("10.0.0.3"), QStringLiteral("evil.test\n8.8.8.8 bank.test"), {}},
                {QStringLiteral("169.254.169.254"), QStringLiteral("meta.test"), {}}});
    QVERIFY(finished.wait(5000));
    const auto report = finished.at(0).at(0).value<SinkReport>();
    QVERIFY(report.ok());
    QCOMPARE(report.rejected.size(), 2);
    QCOMPARE(report.rejected.at(0).state, EntryState::InvalidHost);
    QCOMPARE(report.rejected.at(1).state, EntryState::BlockedByPolicy);
    QCOMPARE(read(),
             original + "#### BEGIN K8S-HOSTS ####\n10.0.0.1 a.test\n#### END K8S-HOSTS ####\n");
}

void TestDirectSink::clearGivesBackTheOriginalBytes()
{
    DirectSink sink(m_path, validator());
    QSignalSpy finished(&sink, &HostsSink::finished);
    sink.apply(QStringLiteral("K8S-HOSTS"),
               {{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), {}}});
    sink.clear(QStringLiteral("K8S-HOSTS"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5000);
    const auto cleared = finished.at(1).at(0).value<SinkReport>();
    QCOMPARE(cleared.operation, SinkReport::Operation::Clear);
    QVERIFY(cleared.ok());
    QVERIFY(cleared.current.isEmpty());
    QCOMPARE(read(), original);
}

void TestDirectSink::answersInOrder()
{
    DirectSink sink(m_path, validator());
    QSignalSpy finished(&sink, &HostsSink::finished);
    const QStringList markers{QStringLiteral("ONE"), QStringLiteral("TWO"),
                              QStringLiteral("THREE")};
    for (const QString &marker : markers)
        sink.apply(marker,
                   {{QStringLiteral("10.0.0.1"), marker.toLower() + QStringLiteral(".test"), {}}});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 5000);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(finished.at(i).at(0).value<SinkReport>().marker, markers.at(i));
}

void TestDirectSink::failureIsASentence()
{
    DirectSink sink(m_dir->filePath(QStringLiteral("missing/hosts")), validator());
    QSignalSpy finished(&sink, &HostsSink::finished);
    sink.apply(QStringLiteral("K8S-HOSTS"),
               {{QStringLiteral("10.0.0.1"), QStringLiteral("a.test"), {}}});
    QVERIFY(finished.wait(5000));
    const auto report = finished.at(0).at(0).value<SinkReport>();
    QCOMPARE(report.failure, SinkReport::Failure::Failed);
    QVERIFY2(report.error.contains(m_dir->filePath(QStringLiteral("missing"))),
             qPrintable(report.error));
}

QTEST_GUILESS_MAIN(TestDirectSink)
#include "tst_directsink.moc"
