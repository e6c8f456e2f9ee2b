#pragma once

#include "core/config/kubeconfigdecoder.h"

#include <QString>

// One kubeconfig file, read and decoded. A file that does not exist is reported as missing
// (KUBECONFIG skips those); any other problem is an error sentence naming the file.
class KubeconfigFile
{
public:
    enum class Status
    {
        Loaded,
        Missing,
        Failed
    };

    static constexpr qint64 maxSize = 16 * 1024 * 1024;

    static KubeconfigFile read(const QString &path);
    static KubeconfigFile parse(const QByteArray &content, const QString &path);

    Status status() const { return m_status; }
    const QString &path() const { return m_path; }
    const QString &error() const { return m_error; }
    const KubeconfigDecoder::Result &content() const { return m_content; }

private:
    Status m_status = Status::Failed;
    QString m_path;
    QString m_error;
    KubeconfigDecoder::Result m_content;
};
