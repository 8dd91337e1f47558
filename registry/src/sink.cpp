#include "registry/generator.hpp"

#include <cerrno>
#include <cstring>

namespace registry {
namespace {

Error io_error(const char* what) {
    const int code = errno;
    std::string detail = what;
    if (code != 0) detail.append(": ").append(std::strerror(code));
    return Error{"io_error", detail};
}

} // namespace

Status StringSink::write(std::string_view line) {
    m_text.append(line);
    return {};
}

FileSink::FileSink(std::FILE* file, std::size_t buffer_bytes) : m_file(file), m_buffer(buffer_bytes) {}

Status FileSink::write(std::string_view line) {
    if (line.size() > m_buffer.size() - m_used) {
        if (auto s = drain(); !s) return s;
        if (line.size() > m_buffer.size()) {
            errno = 0;
            if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size())
                return std::unexpected(io_error("write"));
            return {};
        }
    }
    std::memcpy(m_buffer.data() + m_used, line.data(), line.size());
    m_used += line.size();
    return {};
}

Status FileSink::drain() {
    if (m_used == 0) return {};
    errno = 0;
    const std::size_t written = std::fwrite(m_buffer.data(), 1, m_used, m_file);
    const bool complete = written == m_used;
    m_used = 0;
    if (!complete) return std::unexpected(io_error("write"));
    return {};
}

Status FileSink::finish() {
    if (auto s = drain(); !s) return s;
    errno = 0;
    if (std::fflush(m_file) != 0 || std::ferror(m_file)) return std::unexpected(io_error("flush"));
    return {};
}

} // namespace registry
