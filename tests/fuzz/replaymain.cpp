// Runs a fuzz target over files or directories of inputs without libFuzzer, so the seed
// corpus runs in every build and the target cannot rot.
#include <QDirIterator>
#include <QFile>
#include <QTextStream>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        QDirIterator it(QFile::decodeName(argv[i]), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        const bool single = QFileInfo(QFile::decodeName(argv[i])).isFile();
        while (single || it.hasNext()) {
            QFile file(single ? QFile::decodeName(argv[i]) : it.next());
            if (!file.open(QIODevice::ReadOnly))
                return 1;
            const QByteArray input = file.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                                   size_t(input.size()));
            ++count;
            if (single)
                break;
        }
    }
    QTextStream(stdout) << "replayed " << count << " inputs\n";
    return count > 0 ? 0 : 1;
}
