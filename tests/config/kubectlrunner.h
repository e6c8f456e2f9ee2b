#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

// Runs the real kubectl with a controlled environment and working folder, waiting on its
// finished signal with a deadline. Test support: the reference the differential tests
// compare with.
class KubectlRunner
{
public:
    struct Result
    {
        bool ok = false;
        QByteArray out;
        QByteArray err;
    };

    static QString program(); // empty when kubectl is not installed
    static Result run(const QStringList &args, const QProcessEnvironment &env,
                      const QString &workingDir);
};
