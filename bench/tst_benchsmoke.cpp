// The benchmark harness at tiny sizes: it runs every scenario against the real k8s-hosts and
// kubectl and prints every figure. Nothing here judges a figure's size: benchmarks print,
// tests never time.
#include "tests/support/kubectlprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

class TestBenchSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyScenarioPrintsItsFigures();
};

void TestBenchSmoke::everyScenarioPrintsItsFigures()
{
    if (KubectlProcess::program().isEmpty())
        QSKIP("kubectl is not installed (or set K8S_HOSTS_KUBECTL): the benchmarks compare with "
              "it");
    QProcess bench;
    bench.setProcessChannelMode(QProcess::SeparateChannels);
    QSignalSpy finished(&bench, &QProcess::finished);
    bench.start(QStringLiteral(K8S_HOSTS_BENCH),
                {QStringLiteral("--smoke"), QStringLiteral("--json")});
    QVERIFY2(finished.wait(240000), "k8s-hosts-bench --smoke did not finish in 4 minutes");
    const QByteArray errors = bench.readAllStandardError();

    QHash<QString, double> figures;
    QStringList problems;
    for (const QByteArray &line : bench.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonObject object = QJsonDocument::fromJson(line, &parseError).object();
        QVERIFY2(parseError.error == QJsonParseError::NoError, line.constData());
        if (object.contains(u"problem"))
            problems.append(object.value(u"problem").toString());
        else
            figures.insert(object.value(u"figure").toString(),
                           object.value(u"value").toDouble(NAN));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(bench.exitStatus(), QProcess::NormalExit);
    QVERIFY2(bench.exitCode() == 0, errors.constData());

    const QStringList expected = {
        u"sync/200x10/k8s-hosts/wall"_qs,
        u"sync/200x10/kubectl/wall"_qs,
        u"sync/200x10/kubectl-over-k8s-hosts"_qs,
        u"sync/200x10/k8s-hosts/peak-rss"_qs,
        u"latency/all/p50"_qs,
        u"latency/all/p99"_qs,
        u"latency/add/p99"_qs,
        u"latency/address-change/p99"_qs,
        u"latency/delete/p99"_qs,
        u"latency/writes-per-event"_qs,
        u"burst/writes"_qs,
        u"burst/final-after-first-change"_qs,
        u"footprint/1-context/peak-rss"_qs,
        u"footprint/3-contexts/peak-rss"_qs,
        u"footprint/3-contexts/cpu"_qs,
        u"idle/cpu"_qs,
        u"idle/wakeups-per-s"_qs,
    };
    for (const QString &name : expected) {
        QVERIFY2(figures.contains(name), qPrintable(u"missing figure "_qs + name));
        QVERIFY2(std::isfinite(figures.value(name)) && figures.value(name) >= 0,
                 qPrintable(name + u" is not a measurement"_qs));
    }
    // Counts the harness checked while measuring: every event and the burst were written.
    QVERIFY(figures.value(u"burst/writes"_qs) >= 1);
    QVERIFY(figures.value(u"latency/writes-per-event"_qs) >= 1);
    QVERIFY(figures.value(u"footprint/3-contexts/peak-rss"_qs) > 0);
}

QTEST_GUILESS_MAIN(TestBenchSmoke)
#include "tst_benchsmoke.moc"
