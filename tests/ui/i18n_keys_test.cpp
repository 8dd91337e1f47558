// Every translation key the UI and the session use exists in az, ru and en: the
// literal keys of tr("...") calls in ui/src and kiosk/src/session*.cpp (the citizen's,
// staff and technician modes), plus the keys they build at run time.
#include "kiosk/i18n.hpp"
#include "ui/app.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <set>
#include <sstream>

namespace {

std::set<std::string> literal_keys() {
    std::set<std::string> keys;
    std::vector<std::filesystem::path> files;
    // The session (session.cpp, and its staff and technician modes in session_*.cpp) and the UI.
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::path(KIOSK_SOURCE_DIR) / "kiosk/src"))
        if (e.path().filename().string().starts_with("session") && e.path().extension() == ".cpp")
            files.push_back(e.path());
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(std::filesystem::path(KIOSK_SOURCE_DIR) / "ui/src"))
        if (e.path().extension() == ".cpp") files.push_back(e.path());
    // tr("key"), ctx.tr("key"), kiosk::tr("key", lang), and keys assigned to *_key fields.
    std::regex call(R"re(\btr\("([a-z_]+\.[a-z_.0-9]+)")re");
    std::regex field(R"re(_key = "([a-z_]+\.[a-z_.0-9]+)")re");
    std::regex ternary(R"re(\? "([a-z_]+\.[a-z_.0-9]+)" : "([a-z_]+\.[a-z_.0-9]+)")re");
    for (const auto& f : files) {
        std::ifstream in(f);
        std::stringstream text;
        text << in.rdbuf();
        std::string s = text.str();
        for (const std::regex* re : {&call, &field, &ternary})
            for (auto it = std::sregex_iterator(s.begin(), s.end(), *re); it != std::sregex_iterator(); ++it)
                for (std::size_t g = 1; g < it->size(); ++g)
                    // A key ending in '.' is a prefix completed at run time (dynamic_translation_keys).
                    if ((*it)[g].matched && !(*it)[g].str().ends_with('.')) keys.insert((*it)[g].str());
    }
    return keys;
}

void expect_translated(const std::string& key) {
    for (kiosk::Lang lang : {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En}) {
        std::string_view text = kiosk::tr(key, lang);
        EXPECT_NE(text, key) << "missing translation: " << key << " (" << kiosk::lang_code(lang) << ")";
        EXPECT_FALSE(text.empty()) << key;
    }
}

} // namespace

TEST(Translations, EveryLiteralKeyOfTheUiExistsInThreeLanguages) {
    auto keys = literal_keys();
    EXPECT_GT(keys.size(), 100u); // the scan found the UI's keys
    for (const auto& k : keys)
        expect_translated(k);
}

TEST(Translations, EveryRuntimeKeyExistsInThreeLanguages) {
    for (const auto& k : ui::dynamic_translation_keys())
        expect_translated(k);
}

TEST(Translations, TheSeedsLabelsAreUsedVerbatim) {
    // Seed 001: "Ətraflı baxış", "Bildirişi çap et", "Qeydiyyat məlumatı".
    EXPECT_EQ(kiosk::tr("detail.title", kiosk::Lang::Az), "Ətraflı baxış");
    EXPECT_EQ(kiosk::tr("detail.print_notification", kiosk::Lang::Az), "Bildirişi çap et");
    EXPECT_EQ(kiosk::tr("welcome.insert_card", kiosk::Lang::Az), "Şəxsiyyət vəsiqənizi oxuyucuya daxil edin");
    EXPECT_EQ(kiosk::tr("welcome.asan_imza", kiosk::Lang::Az), "Asan İmza ilə daxil ol");
}
