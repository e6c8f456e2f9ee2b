// KubeconfigWatcher: the context list follows edits, rename-replacements (kind, editors) and
// `kubectl config use-context`, without a restart.
#include "core/config/kubeconfigwatcher.h"
#include "tests/config/kubectlrunner.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestKubeconfigWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void replacedByRenameIsSeen();
    void repeatedReplacementsKeepBeingSeen();
    void createdLaterIsSeen();
    void unchangedContextsDoNotEmit();
    void kubectlUseContextIsSeen();

private:
    void writeAtomically(const QByteArray &content);
    KubeconfigSources sources() const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

static QByteArray config(const QString &current, int contexts = 2)
{
    QByteArray y = "clusters:\n- name: c\n  cluster: {server: https://a}\ncontexts:\n";
    for (int i = 0; i < contexts; ++i)
        y += "- name: ctx-" + QByteArray::number(i) + "\n  context: {cluster: c}\n";
    return y + "current-context: " + current.toUtf8() + "\n";
}

void TestKubeconfigWatcher::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("kube/config"));
}

KubeconfigSources TestKubeconfigWatcher::sources() const
{
    KubeconfigSources s;
    s.explicitPath = m_path;
    s.workingDir = m_dir->path();
    return s;
}

// What kind, minikube and most editors do: write a temporary file, rename it over.
void TestKubeconfigWatcher::writeAtomically(const QByteArray &content)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    const QString temporary = m_path + QStringLiteral(".tmp");
    QFile file(temporary);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    QVERIFY(::rename(QFile::encodeName(temporary).constData(),
                     QFile::encodeName(m_path).constData()) == 0);
}

void TestKubeconfigWatcher::replacedByRenameIsSeen()
{
    writeAtomically(config(QStringLiteral("ctx-0")));
    KubeconfigWatcher watcher(sources());
    watcher.setSettleInterval(20);
    QSignalSpy changed(&watcher, &KubeconfigWatcher::contextsChanged);
    watcher.start();
    QCOMPARE(watcher.kubeconfig().contexts().size(), 2);
    writeAtomically(config(QStringLiteral("ctx-0"), 3));
    QVERIFY(changed.wait(10000));
    QCOMPARE(watcher.kubeconfig().contexts().size(), 3);
}

void TestKubeconfigWatcher::repeatedReplacementsKeepBeingSeen()
{
    writeAtomically(config(QStringLiteral("ctx-0")));
    KubeconfigWatcher watcher(sources());
    watcher.setSettleInterval(20);
    QSignalSpy changed(&watcher, &KubeconfigWatcher::contextsChanged);
    watcher.start();
    for (int round = 1; round <= 3; ++round) {
        writeAtomically(config(QStringLiteral("ctx-%1").arg(round), 4));
        QTRY_COMPARE_WITH_TIMEOUT(watcher.kubeconfig().currentContext(),
                                  QStringLiteral("ctx-%1").arg(round), 10000);
    }
    QVERIFY(changed.size() >= 3);
}

void TestKubeconfigWatcher::createdLaterIsSeen()
{
    KubeconfigWatcher watcher(sources());
    watcher.setSettleInterval(20);
    QSignalSpy changed(&watcher, &KubeconfigWatcher::contextsChanged);
    watcher.start();
    QVERIFY(!watcher.kubeconfig().isValid()); // an explicit file must exist
    writeAtomically(config(QStringLiteral("ctx-1")));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.kubeconfig().isValid(), 10000);
    QVERIFY(changed.size() >= 1);
    QCOMPARE(watcher.kubeconfig().currentContext(), u"ctx-1"_qs);
}

void TestKubeconfigWatcher::unchangedContextsDoNotEmit()
{
    writeAtomically(config(QStringLiteral("ctx-0")));
    KubeconfigWatcher watcher(sources());
    watcher.setSettleInterval(20);
    QSignalSpy changed(&watcher, &KubeconfigWatcher::contextsChanged);
    watcher.start();
    QSignalSpy reloaded(&watcher, &KubeconfigWatcher::reloaded);
    // A rewrite with only a comment added: the file changes, the contexts do not.
    writeAtomically(config(QStringLiteral("ctx-0")) + "# touched\n");
    QVERIFY(reloaded.wait(10000));
    QCOMPARE(changed.size(), 0);
    writeAtomically(config(QStringLiteral("ctx-1")));
    QVERIFY(changed.wait(10000));
    QCOMPARE(watcher.kubeconfig().currentContext(), u"ctx-1"_qs);
}

void TestKubeconfigWatcher::kubectlUseContextIsSeen()
{
    if (KubectlRunner::program().isEmpty())
        QSKIP("kubectl is not installed");
    writeAtomically(config(QStringLiteral("ctx-0")));
    KubeconfigWatcher watcher(sources());
    watcher.setSettleInterval(20);
    watcher.start();
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), m_dir->path());
    const KubectlRunner::Result result =
        KubectlRunner::run({QStringLiteral("config"), QStringLiteral("use-context"),
                            QStringLiteral("ctx-1"), QStringLiteral("--kubeconfig"), m_path},
                           env, m_dir->path());
    QVERIFY2(result.ok, result.err.constData());
    QTRY_COMPARE_WITH_TIMEOUT(watcher.kubeconfig().currentContext(), u"ctx-1"_qs, 10000);
}

QTEST_GUILESS_MAIN(TestKubeconfigWatcher)
#include "tst_kubeconfigwatcher.moc"
