// `k8s-hosts --no-gui --list-contexts`, run as a user would: table and JSON output, per-context
// reasons, --context filtering, exit codes, and no secret in what it prints.
#include "tests/config/kubectlrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestListContexts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonListsEveryContextWithItsProblem();
    void namesMatchKubectl();
    void tableShowsReasons();
    void contextFilter();
    void unknownContextIsAUsageError();
    void missingKubeconfigIsARuntimeError();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &args);
    QTemporaryDir m_dir;
    QString m_config;
};

static const QByteArray secret = "SeCrEt-list-token-9f2";

void TestListContexts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config = m_dir.filePath(QStringLiteral("kube/config"));
    QDir().mkpath(QFileInfo(m_config).absolutePath());
    QFile file(m_config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
        "clusters:\n"
        "- name: prod\n  cluster: {server: \"https://10.0.0.1:6443\", insecure-skip-tls-verify: "
        "true}\n"
        "- name: local\n  cluster: {server: \"http://localhost:8080\"}\n"
        "users:\n"
        "- name: admin\n  user: {token: " +
        secret + ", password: " + secret +
        "x}\n"
        "- name: tokenuser\n  user: {token: " +
        secret +
        "}\n"
        "- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
        "      command: k8s-hosts-missing-aws\n      installHint: Install the AWS CLI\n"
        "- name: oidc\n  user:\n    auth-provider: {name: oidc, config: {id-token: " +
        secret +
        "}}\n"
        "contexts:\n"
        "- name: prod\n  context: {cluster: prod, user: tokenuser, namespace: apps}\n"
        "- name: eks\n  context: {cluster: prod, user: eks}\n"
        "- name: local\n  context: {cluster: local, user: admin}\n"
        "- name: oidc\n  context: {cluster: prod, user: oidc}\n"
        "- name: orphan\n  context: {cluster: gone, user: tokenuser}\n");
}

TestListContexts::Run TestListContexts::run(const QStringList &args)
{
    QProcess process;
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    env.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/sh"));
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(K8S_HOSTS_BINARY), args);
    Run result;
    if (!finished.wait(60000))
        return result;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void TestListContexts::jsonListsEveryContextWithItsProblem()
{
    const Run r = run({QStringLiteral("--no-gui"), QStringLiteral("--list-contexts"),
                       QStringLiteral("--kubeconfig"), m_config, QStringLiteral("--output"),
                       QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.out.contains(secret) && !r.err.contains(secret), "the output held a secret");
    const QJsonArray array = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(array.size(), 5);
    QMap<QString, QJsonObject> byName;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{u"cluster"_qs, u"current"_qs, u"error"_qs, u"name"_qs,
                                    u"namespace"_qs, u"server"_qs, u"user"_qs}));
        byName.insert(o[QStringLiteral("name")].toString(), o);
    }
    const QJsonObject prod = byName.value(QStringLiteral("prod"));
    QVERIFY(prod[QStringLiteral("current")].toBool());
    QCOMPARE(prod[QStringLiteral("namespace")].toString(), u"apps"_qs);
    QCOMPARE(prod[QStringLiteral("server")].toString(), u"https://10.0.0.1:6443"_qs);
    QCOMPARE(prod[QStringLiteral("user")].toString(), u"tokenuser"_qs);
    QVERIFY(prod[QStringLiteral("error")].isNull());
    QVERIFY(!byName.value(QStringLiteral("eks"))[QStringLiteral("current")].toBool());
    const QString eks = byName.value(QStringLiteral("eks"))[QStringLiteral("error")].toString();
    QVERIFY2(eks.contains(u"\"k8s-hosts-missing-aws\" was not found (looked in /usr/bin:/bin:"),
             qPrintable(eks));
    QVERIFY2(eks.endsWith(u"; Install the AWS CLI"), qPrintable(eks));
    QCOMPARE(byName.value(QStringLiteral("eks"))[QStringLiteral("namespace")].toString(),
             u"default"_qs);
    // Plain http: credentials are not sent, so they are not a problem; the token+password
    // conflict still is.
    QVERIFY(byName.value(QStringLiteral("local"))[QStringLiteral("error")].toString().contains(
        u"more than one authentication method"));
    QVERIFY(byName.value(QStringLiteral("oidc"))[QStringLiteral("error")].toString().contains(
        u"auth-provider \"oidc\""));
    QVERIFY(byName.value(QStringLiteral("orphan"))[QStringLiteral("error")].toString().contains(
        u"cluster \"gone\""));
}

void TestListContexts::namesMatchKubectl()
{
    if (KubectlRunner::program().isEmpty())
        QSKIP("kubectl is not installed");
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), m_dir.path());
    const KubectlRunner::Result names = KubectlRunner::run(
        {QStringLiteral("config"), QStringLiteral("get-contexts"), QStringLiteral("-o"),
         QStringLiteral("name"), QStringLiteral("--kubeconfig"), m_config},
        env, m_dir.path());
    QVERIFY2(names.ok, names.err.constData());
    QStringList theirs = QString::fromUtf8(names.out).split(u'\n', Qt::SkipEmptyParts);
    theirs.sort();
    const Run r = run({QStringLiteral("--list-contexts"), QStringLiteral("--kubeconfig"), m_config,
                       QStringLiteral("--output"), QStringLiteral("json")});
    QStringList ours;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.out).array())
        ours.append(v[QStringLiteral("name")].toString());
    QCOMPARE(ours, theirs);
}

void TestListContexts::tableShowsReasons()
{
    const Run r = run({QStringLiteral("--no-gui"), QStringLiteral("--list-contexts"),
                       QStringLiteral("--kubeconfig"), m_config});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
    const QList<QByteArray> lines = r.out.split('\n');
    QVERIFY(lines.first().startsWith("CURRENT   NAME"));
    QVERIFY(r.out.contains("\norphan: cluster \"gone\" named by context \"orphan\" is not in"));
    bool prodOk = false;
    for (const QByteArray &line : lines)
        prodOk |= line.startsWith("*") && line.contains(" prod ") && line.endsWith(" ok");
    QVERIFY2(prodOk, r.out.constData());
}

void TestListContexts::contextFilter()
{
    const Run r =
        run({QStringLiteral("--list-contexts"), QStringLiteral("--kubeconfig"), m_config,
             QStringLiteral("--context"), QStringLiteral("eks"), QStringLiteral("--context"),
             QStringLiteral("prod"), QStringLiteral("--output"), QStringLiteral("json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray array = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(array.size(), 2);
    QCOMPARE(array.at(0)[QStringLiteral("name")].toString(), u"eks"_qs);
    QCOMPARE(array.at(1)[QStringLiteral("name")].toString(), u"prod"_qs);
}

void TestListContexts::unknownContextIsAUsageError()
{
    const Run r = run({QStringLiteral("--list-contexts"), QStringLiteral("--kubeconfig"), m_config,
                       QStringLiteral("--context"), QStringLiteral("nope")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("context \"nope\" does not exist"), r.err.constData());
    const Run bad = run(
        {QStringLiteral("--list-contexts"), QStringLiteral("--output"), QStringLiteral("yaml")});
    QCOMPARE(bad.exitCode, 2);
}

void TestListContexts::missingKubeconfigIsARuntimeError()
{
    const QString missing = m_dir.filePath(QStringLiteral("nope.yaml"));
    const Run r = run({QStringLiteral("--list-contexts"), QStringLiteral("--kubeconfig"), missing});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(missing.toUtf8() + " does not exist"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestListContexts)
#include "tst_listcontexts.moc"
