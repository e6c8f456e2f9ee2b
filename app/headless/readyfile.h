#pragma once

#include <QString>

// --ready-file: a script that waits for it must never see one that is not ours and true. A
// stale file is removed at start, ours is written (with our PID) after the first full sync
// and removed when we exit.
class ReadyFile
{
public:
    explicit ReadyFile(QString path);
    ~ReadyFile();
    ReadyFile(const ReadyFile &) = delete;
    ReadyFile &operator=(const ReadyFile &) = delete;

    bool removeStale(QString *error);
    bool create(QString *error);
    void remove();

private:
    QString m_path;
    bool m_created = false;
};
