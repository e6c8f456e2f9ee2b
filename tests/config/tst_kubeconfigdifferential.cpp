// Differential test: our Kubeconfig against the real kubectl over generated kubeconfig sets.
#include "core/config/kubeconfig.h"
#include "tests/config/kubeconfiggenerator.h"
#include "tests/config/kubectlrunner.h"
#include "tests/config/kubectlview.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestKubeconfigDifferential : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesKubectl_data();
    void matchesKubectl();
    void cleanupTestCase();

private:
    QProcessEnvironment kubectlEnv(const KubeconfigGenerator::Set &set) const;
    KubectlRunner::Result kubectl(const KubeconfigGenerator::Set &set, QStringList args) const;
    static KubeconfigSources sources(const KubeconfigGenerator::Set &set);

    int m_sets = 0;
    int m_loadFailures = 0;
    int m_flattenFailures = 0;
    int m_contextsCompared = 0;
};

void TestKubeconfigDifferential::initTestCase()
{
    if (KubectlRunner::program().isEmpty())
        QSKIP("kubectl is not installed; the differential tests need it as the reference");
}

void TestKubeconfigDifferential::matchesKubectl_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 48; ++seed)
        QTest::addRow("set-%u", seed) << seed;
}

QProcessEnvironment
TestKubeconfigDifferential::kubectlEnv(const KubeconfigGenerator::Set &set) const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("HOME"), set.home);
    if (set.kubeconfigEnvSet)
        env.insert(QStringLiteral("KUBECONFIG"), set.kubeconfigEnv);
    return env;
}

KubectlRunner::Result TestKubeconfigDifferential::kubectl(const KubeconfigGenerator::Set &set,
                                                          QStringList args) const
{
    if (!set.explicitPath.isEmpty())
        args << QStringLiteral("--kubeconfig") << set.explicitPath;
    return KubectlRunner::run(args, kubectlEnv(set), set.workDir);
}

KubeconfigSources TestKubeconfigDifferential::sources(const KubeconfigGenerator::Set &set)
{
    KubeconfigSources sources;
    sources.explicitPath = set.explicitPath;
    sources.kubeconfigEnv = set.kubeconfigEnv;
    sources.homeDir = set.home;
    sources.workingDir = set.workDir;
    return sources;
}

static QJsonObject parseJson(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

void TestKubeconfigDifferential::matchesKubectl()
{
    QFETCH(quint32, seed);
    QTemporaryDir root;
    QVERIFY(root.isValid());
    KubeconfigGenerator generator(seed, root.path());
    const KubeconfigGenerator::Set set = generator.generate();
    ++m_sets;

    const Kubeconfig ours = Kubeconfig::load(sources(set));

    // 1. The merged view: which entries, first-wins, every field, current-context.
    const KubectlRunner::Result view =
        kubectl(set, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--merge"),
                      QStringLiteral("--raw"), QStringLiteral("-o"), QStringLiteral("json")});
    if (!view.ok) {
        ++m_loadFailures;
        QVERIFY2(!ours.isValid(),
                 qPrintable(set.description + QStringLiteral(": kubectl failed (") +
                            QString::fromUtf8(view.err) + QStringLiteral(") but we loaded")));
        QVERIFY(!ours.error().isEmpty());
        return;
    }
    QVERIFY2(ours.isValid(), qPrintable(set.description + QStringLiteral(": ") + ours.error()));
    const QJsonObject theirs = KubectlView::normalize(parseJson(view.out));
    const QJsonObject mine = KubectlView::render(ours);
    QVERIFY2(mine == theirs, qPrintable(set.description + QStringLiteral("\n") +
                                        KubectlView::differences(mine, theirs)));

    // 2. current-context.
    const KubectlRunner::Result current =
        kubectl(set, {QStringLiteral("config"), QStringLiteral("current-context")});
    QCOMPARE(current.ok, !ours.currentContext().isEmpty());
    if (current.ok)
        QCOMPARE(QString::fromUtf8(current.out).trimmed(), ours.currentContext());

    // 3. --flatten: relative paths resolved against the file that named them, files inlined.
    const KubectlRunner::Result flat =
        kubectl(set, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--flatten"),
                      QStringLiteral("--raw"), QStringLiteral("-o"), QStringLiteral("json")});
    QJsonObject flatMine;
    QString flatError;
    const bool flatOk = KubectlView::flatten(ours, &flatMine, &flatError);
    QVERIFY2(flat.ok == flatOk,
             qPrintable(set.description + QStringLiteral(": kubectl ") +
                        QString::fromUtf8(flat.err) + QStringLiteral(" / ours ") + flatError));
    if (!flat.ok)
        ++m_flattenFailures;
    else
        QVERIFY2(flatMine == KubectlView::normalize(parseJson(flat.out)),
                 qPrintable(KubectlView::differences(flatMine,
                                                     KubectlView::normalize(parseJson(flat.out)))));

    // 4. Each context as kubectl picks it (--minify): the cluster and user we resolve, with
    //    the files we read, must be the ones kubectl inlines.
    for (const ContextConfig &context : ours.contexts()) {
        const KubectlRunner::Result minified = kubectl(
            set, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--minify"),
                  QStringLiteral("--flatten"), QStringLiteral("--raw"), QStringLiteral("-o"),
                  QStringLiteral("json"), QStringLiteral("--context"), context.name});
        const QJsonObject m = KubectlView::normalize(parseJson(minified.out));
        const bool userMissing =
            !context.userName.isEmpty() &&
            std::none_of(ours.users().begin(), ours.users().end(),
                         [&](const auto &u) { return u.name == context.userName; });
        if (!minified.ok) {
            // kubectl refuses a missing user; we treat it as anonymous, like kubectl's client.
            QVERIFY2(!context.isUsable() || userMissing,
                     qPrintable(context.name + QStringLiteral(": kubectl: ") +
                                QString::fromUtf8(minified.err)));
            continue;
        }
        if (!context.isUsable())
            continue; // we are stricter (validation kubectl applies only when connecting)
        ++m_contextsCompared;
        const QJsonObject ctx = m[QStringLiteral("contexts")][context.name].toObject();
        const QString ns = ctx[QStringLiteral("namespace")].toString();
        QCOMPARE(context.namespaceName, ns.isEmpty() ? QStringLiteral("default") : ns);
        QCOMPARE(context.clusterName, ctx[QStringLiteral("cluster")].toString());
        ClusterConfig cluster = context.cluster;
        cluster.certificateAuthority.clear(); // inlined by --flatten
        QCOMPARE(KubectlView::cluster(cluster),
                 m[QStringLiteral("clusters")][context.clusterName].toObject());
        if (context.userName.isEmpty() || userMissing)
            continue;
        UserConfig user = context.user;
        user.clientCertificate.clear();
        user.clientKey.clear();
        QJsonObject theirUser = m[QStringLiteral("users")][context.userName].toObject();
        QJsonObject myUser = KubectlView::user(user);
        // tokenFile and exec.command stay as written in kubectl's view; ours are resolved.
        for (QJsonObject *o : {&theirUser, &myUser}) {
            o->remove(QStringLiteral("tokenFile"));
            QJsonObject exec = o->value(QStringLiteral("exec")).toObject();
            exec.remove(QStringLiteral("command"));
            if (!exec.isEmpty())
                o->insert(QStringLiteral("exec"), exec);
        }
        QCOMPARE(myUser, theirUser);
    }
}

void TestKubeconfigDifferential::cleanupTestCase()
{
    qInfo("%d sets: %d refused by both, %d failed to flatten in both, %d contexts compared", m_sets,
          m_loadFailures, m_flattenFailures, m_contextsCompared);
}

QTEST_GUILESS_MAIN(TestKubeconfigDifferential)
#include "tst_kubeconfigdifferential.moc"
