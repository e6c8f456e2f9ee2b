#include "tests/config/kubectlrunner.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

QString KubectlRunner::program()
{
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    return onPath.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("kubectl"),
                                                             {QStringLiteral("/usr/bin")})
                            : onPath;
}

KubectlRunner::Result KubectlRunner::run(const QStringList &args, const QProcessEnvironment &env,
                                         const QString &workingDir)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(workingDir);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program(), args);
    Result result;
    if (!finished.wait(60000)) {
        process.kill();
        finished.wait(5000);
        result.err = "kubectl did not finish within 60 s";
        return result;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return result;
}
