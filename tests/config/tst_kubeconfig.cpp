// Kubeconfig: which files are read, merged contexts, and in-cluster configuration.
#include "core/config/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestKubeconfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void explicitPathMustExist();
    void explicitPathIgnoresKubeconfigEnv();
    void missingKubeconfigEntriesAreSkipped();
    void oneBrokenFileFailsTheWholeLoad();
    void homeConfigMissingIsEmptyNotAnError();
    void legacyHomeConfigIsRead();
    void contextsAreResolvedAndSorted();
    void inClusterWhenNoContexts();
    void inClusterIgnoredWhenKubeconfigHasContexts();

private:
    QString write(const QString &relative, const QByteArray &content);
    KubeconfigSources sources() const;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestKubeconfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestKubeconfig::write(const QString &relative, const QByteArray &content)
{
    const QString path = m_dir->filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(content);
    return path;
}

KubeconfigSources TestKubeconfig::sources() const
{
    KubeconfigSources s;
    s.homeDir = m_dir->filePath(QStringLiteral("home"));
    s.workingDir = m_dir->path();
    s.serviceAccountDir = m_dir->filePath(QStringLiteral("sa"));
    return s;
}

static const QByteArray oneContext = "clusters:\n- name: c\n  cluster: {server: https://a}\n"
                                     "contexts:\n- name: one\n  context: {cluster: c}\n"
                                     "current-context: one\n";

void TestKubeconfig::explicitPathMustExist()
{
    KubeconfigSources s = sources();
    s.explicitPath = QStringLiteral("nope.yaml");
    const Kubeconfig config = Kubeconfig::load(s);
    QVERIFY(!config.isValid());
    QVERIFY2(config.error().contains(m_dir->filePath(QStringLiteral("nope.yaml"))),
             qPrintable(config.error()));
}

void TestKubeconfig::explicitPathIgnoresKubeconfigEnv()
{
    KubeconfigSources s = sources();
    s.explicitPath = write(QStringLiteral("a.yaml"), oneContext);
    s.kubeconfigEnv = write(QStringLiteral("b.yaml"), "contexts:\n- name: two\n  context: {}\n");
    const Kubeconfig config = Kubeconfig::load(s);
    QCOMPARE(config.files(), QStringList{s.explicitPath});
    QCOMPARE(config.contexts().size(), 1);
    QCOMPARE(config.contexts().first().name, u"one"_qs);
}

void TestKubeconfig::missingKubeconfigEntriesAreSkipped()
{
    KubeconfigSources s = sources();
    write(QStringLiteral("a.yaml"), oneContext);
    s.kubeconfigEnv = QStringLiteral("missing.yaml::a.yaml:a.yaml");
    const Kubeconfig config = Kubeconfig::load(s);
    QVERIFY2(config.isValid(), qPrintable(config.error()));
    QCOMPARE(config.files(), (QStringList{m_dir->filePath(QStringLiteral("missing.yaml")),
                                          m_dir->filePath(QStringLiteral("a.yaml"))}));
    QCOMPARE(config.currentContext(), u"one"_qs);
}

void TestKubeconfig::oneBrokenFileFailsTheWholeLoad()
{
    KubeconfigSources s = sources();
    s.kubeconfigEnv = write(QStringLiteral("a.yaml"), oneContext) + u':' +
                      write(QStringLiteral("b.yaml"), "contexts: {broken\n");
    const Kubeconfig config = Kubeconfig::load(s);
    QVERIFY(!config.isValid());
    QVERIFY2(config.error().contains(u"b.yaml"), qPrintable(config.error()));
}

void TestKubeconfig::homeConfigMissingIsEmptyNotAnError()
{
    const Kubeconfig config = Kubeconfig::load(sources());
    QVERIFY(config.isValid());
    QVERIFY(config.contexts().isEmpty());
    QCOMPARE(config.files(), QStringList{m_dir->filePath(QStringLiteral("home/.kube/config"))});
}

void TestKubeconfig::legacyHomeConfigIsRead()
{
    write(QStringLiteral("home/.kube/.kubeconfig"), oneContext);
    QCOMPARE(Kubeconfig::load(sources()).currentContext(), u"one"_qs);
}

void TestKubeconfig::contextsAreResolvedAndSorted()
{
    KubeconfigSources s = sources();
    s.kubeconfigEnv =
        write(QStringLiteral("a.yaml"), "contexts:\n- name: zeta\n  context: {cluster: c, "
                                        "namespace: apps}\n- name: alpha\n  context: {cluster: "
                                        "gone}\ncurrent-context: zeta\n") +
        u':' + write(QStringLiteral("b.yaml"), oneContext);
    const QList<ContextConfig> contexts = Kubeconfig::load(s).contexts();
    QCOMPARE(contexts.size(), 3);
    QCOMPARE(contexts.at(0).name, u"alpha"_qs);
    QVERIFY(contexts.at(0).error.contains(u"\"gone\""));
    QCOMPARE(contexts.at(1).name, u"one"_qs);
    QVERIFY(!contexts.at(1).current);
    QCOMPARE(contexts.at(2).name, u"zeta"_qs);
    QVERIFY(contexts.at(2).current);
    QCOMPARE(contexts.at(2).namespaceName, u"apps"_qs);
    QCOMPARE(contexts.at(2).cluster.serverUrl, QUrl(u"https://a"_qs));
}

void TestKubeconfig::inClusterWhenNoContexts()
{
    KubeconfigSources s = sources();
    s.serviceHost = QStringLiteral("fd00::1");
    s.servicePort = QStringLiteral("443");
    write(QStringLiteral("sa/token"), "sa-token");
    write(QStringLiteral("sa/ca.crt"), "CA PEM");
    write(QStringLiteral("sa/namespace"), "apps\n");
    const QList<ContextConfig> contexts = Kubeconfig::load(s).contexts();
    QCOMPARE(contexts.size(), 1);
    const ContextConfig &c = contexts.first();
    QVERIFY(c.inCluster);
    QVERIFY(c.current);
    QCOMPARE(c.cluster.serverUrl, QUrl(u"https://[fd00::1]:443"_qs));
    QCOMPARE(c.cluster.certificateAuthorityData, QByteArray("CA PEM"));
    QCOMPARE(c.user.tokenFile, m_dir->filePath(QStringLiteral("sa/token")));
    QCOMPARE(c.namespaceName, u"apps"_qs);
    s.podNamespace = QStringLiteral("from-env");
    QCOMPARE(Kubeconfig::load(s).contexts().first().namespaceName, u"from-env"_qs);
    s.servicePort.clear();
    QVERIFY(Kubeconfig::load(s).contexts().isEmpty());
}

void TestKubeconfig::inClusterIgnoredWhenKubeconfigHasContexts()
{
    KubeconfigSources s = sources();
    s.serviceHost = QStringLiteral("10.96.0.1");
    s.servicePort = QStringLiteral("443");
    write(QStringLiteral("sa/token"), "sa-token");
    write(QStringLiteral("home/.kube/config"), oneContext);
    const QList<ContextConfig> contexts = Kubeconfig::load(s).contexts();
    QCOMPARE(contexts.size(), 1);
    QVERIFY(!contexts.first().inCluster);
}

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
