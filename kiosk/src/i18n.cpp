#include "kiosk/i18n.hpp"

#include <algorithm>
#include <array>

namespace kiosk {
namespace {

struct Entry {
    std::string_view key, az, ru, en;
};

// Sorted by key (checked by a test); labels follow the e-gov service's manual.
constexpr std::array k_table = std::to_array<Entry>({
    {"card.birth_date", "Doğum tarixi", "Дата рождения", "Birth date"},
    {"card.document", "Sənədin nömrəsi", "Номер документа", "Document number"},
    {"card.enter_pin", "PIN kodu daxil edin", "Введите PIN-код", "Enter the PIN"},
    {"card.event_card_inserted", "Kart daxil edildi", "Карта вставлена", "Card inserted"},
    {"card.event_card_removed", "Kart çıxarıldı", "Карта извлечена", "Card removed"},
    {"card.event_reader_added", "Kart oxuyucusu qoşuldu", "Считыватель подключён", "Card reader connected"},
    {"card.event_reader_alert_cleared", "Kart oxuyucusu yenidən işləyir", "Считыватель снова работает",
     "The card reader is back"},
    {"card.event_reader_alert_raised", "Kart oxuyucusu yoxdur: texniki işçini çağırın",
     "Считыватель карт отсутствует: вызовите техника",
     "No card reader: call a technician"},
    {"card.event_reader_removed", "Kart oxuyucusu ayrıldı", "Считыватель отключён",
     "Card reader disconnected"},
    {"card.event_service_lost", "Kart oxuyucu xidməti dayandı", "Служба считывателей остановлена",
     "The card reader service stopped"},
    {"card.event_service_restored", "Kart oxuyucu xidməti bərpa olundu", "Служба считывателей восстановлена",
     "The card reader service is back"},
    {"card.expiry", "Etibarlılıq müddəti", "Действительно до", "Valid until"},
    {"card.fin", "FİN", "ФИН", "FIN"},
    {"card.insert", "Şəxsiyyət vəsiqənizi oxuyucuya daxil edin",
     "Вставьте удостоверение личности в считыватель",
     "Insert your ID card into the reader"},
    {"card.name", "Ad", "Имя", "Name"},
    {"card.patronymic", "Ata adı", "Отчество", "Patronymic"},
    {"card.role", "Rol", "Роль", "Role"},
    {"card.surname", "Soyad", "Фамилия", "Surname"},
    {"card.test_failed", "Kart oxuyucusunun testi uğursuz oldu", "Проверка считывателя не пройдена",
     "Card reader test failed"},
    {"card.test_insert", "Test kartını oxuyucuya daxil edin", "Вставьте тестовую карту в считыватель",
     "Insert a test card into the reader"},
    {"card.test_passed", "Kart oxuyucusunun testi uğurla keçdi", "Проверка считывателя пройдена",
     "Card reader test passed"},
    {"card.test_remove", "Kartı oxuyucudan çıxarın", "Извлеките карту из считывателя",
     "Remove the card from the reader"},
    {"card.tries_left", "Qalan cəhdlər", "Осталось попыток", "Tries left"},
    {"card.trusted", "Kart yoxlanıldı və etibarlıdır", "Карта проверена и подлинна",
     "The card is verified and trusted"},
    {"card.untrusted", "Kart etibarlı deyil", "Карта не прошла проверку", "The card is not trusted"},
    {"card.waiting", "Kart gözlənilir…", "Ожидание карты…", "Waiting for a card…"},
    {"cli.applied", "tətbiq edilib", "применено", "applied"},
    {"cli.deleted", "silinib", "удалено", "deleted"},
    {"cli.no_results", "Heç bir bildiriş tapılmadı", "Уведомления не найдены", "No notifications found"},
    {"cli.quarantined", "karantinə göndərilib", "в карантине", "quarantined"},
    {"cli.rows", "bildiriş", "уведомлений", "notifications"},
    {"cli.unchanged", "dəyişməyib", "без изменений", "unchanged"},
    {"column.date", "Bildirişin tarixi", "Дата уведомления", "Notification date"},
    {"column.employer_name", "İşəgötürənin adı", "Наименование работодателя", "Employer name"},
    {"column.employer_sun", "İşəgötürənin SUN-u", "СУН работодателя", "Employer SUN"},
    {"column.kind", "Bildirişin növü", "Вид уведомления", "Notification type"},
    {"column.number", "Bildirişin nömrəsi", "Номер уведомления", "Notification number"},
    {"column.order_date", "Əmrin tarixi", "Дата приказа", "Order date"},
    {"column.order_number", "Əmrin nömrəsi", "Номер приказа", "Order number"},
    {"column.position", "Vəzifə", "Должность", "Position"},
    {"column.reason", "Xitam verilməsinin səbəbi", "Основание прекращения", "Termination reason"},
    {"column.status", "Bildirişin statusu", "Статус уведомления", "Notification status"},
    {"column.validity", "Etibarlılıq statusu", "Статус действительности", "Validity"},
    {"column.workplace", "İş yeri", "Место работы", "Workplace"},
    {"error.bad_argument", "Yanlış parametr", "Неверный параметр", "Invalid argument"},
    {"error.bad_certificate", "Kartın sertifikatı yararsızdır", "Сертификат карты непригоден",
     "The card's certificate is not usable"},
    {"error.bad_response", "Kart gözlənilməz cavab verdi", "Карта дала неожиданный ответ",
     "The card gave an unexpected answer"},
    {"error.bad_signature", "Kartın imzası təsdiqlənmədi", "Подпись карты не подтверждена",
     "The card's signature could not be verified"},
    {"error.ca_unreadable", "Şəxsiyyət vəsiqələrinin sertifikat mərkəzinin faylı oxuna bilmir",
     "Не удаётся прочитать файл удостоверяющего центра",
     "The ID-card CA file cannot be read"},
    {"error.card_blocked", "Kart bloklanıb: PIN kod 3 dəfə səhv daxil edilib",
     "Карта заблокирована: PIN-код введён неверно 3 раза",
     "The card is blocked: the PIN was entered wrongly 3 times"},
    {"error.card_data_too_large", "Kartdakı məlumat həddən artıq böyükdür", "Данные на карте слишком велики",
     "The data on the card is too large"},
    {"error.card_files_unreadable", "Simulyasiya kartının faylları oxuna bilmir",
     "Не удаётся прочитать файлы имитируемой карты",
     "The simulated card's files cannot be read"},
    {"error.card_mute", "Kart cavab vermir", "Карта не отвечает", "The card does not respond"},
    {"error.card_removed", "Kart oxuyucudan çıxarıldı", "Карта извлечена из считывателя",
     "The card was removed from the reader"},
    {"error.crypto_error", "Kriptoqrafik xəta", "Криптографическая ошибка", "Cryptographic error"},
    {"error.document_expired", "Şəxsiyyət vəsiqəsinin müddəti bitib",
     "Срок действия удостоверения личности истёк",
     "The ID card has expired"},
    {"error.expired", "Kartın sertifikatının müddəti bitib", "Срок действия сертификата карты истёк",
     "The card's certificate has expired"},
    {"error.file_not_found", "Kartda lazımi fayl yoxdur", "На карте нет нужного файла",
     "A required file is missing on the card"},
    {"error.filter_not_on_tab", "Bu filtr seçilmiş bölmədə yoxdur", "Этот фильтр недоступен на выбранной вкладке",
     "This filter is not available on the chosen tab"},
    {"error.fin_mismatch", "Kartdakı FİN sertifikatdakı ilə uyğun gəlmir",
     "ФИН на карте не совпадает с сертификатом",
     "The FIN on the card does not match its certificate"},
    {"error.import_file_unreadable", "Fayl oxuna bilmir", "Файл не читается", "The file cannot be read"},
    {"error.invalid_date", "Tarix YYYY-AA-GG formatında olmalıdır", "Дата должна быть в формате ГГГГ-ММ-ДД",
     "A date must be YYYY-MM-DD"},
    {"error.invalid_fin", "FİN 7 simvoldan ibarət olmalıdır (rəqəmlər və I, O-dan başqa latın hərfləri)",
     "ФИН должен состоять из 7 символов (цифры и латинские буквы, кроме I и O)",
     "A FIN is 7 characters: digits and Latin capitals except I and O"},
    {"error.invalid_period", "Dövrün başlanğıcı sonundan sonra ola bilməz",
     "Начало периода не может быть позже его конца", "The period's start is after its end"},
    {"error.invalid_pin", "PIN kod 4-8 rəqəmdən ibarət olmalıdır", "PIN-код должен состоять из 4–8 цифр",
     "A PIN is 4 to 8 digits"},
    {"error.invalid_sun", "SUN 10 rəqəmdən ibarət olmalıdır", "СУН должен состоять из 10 цифр",
     "A SUN is 10 digits"},
    {"error.malformed_card_data", "Kartdakı məlumat zədələnib", "Данные на карте повреждены",
     "The data on the card is damaged"},
    {"error.migration_failed", "Məlumat bazası yenilənə bilmədi", "Не удалось обновить базу данных",
     "The database could not be upgraded"},
    {"error.no_card", "Oxuyucuda kart yoxdur", "В считывателе нет карты", "There is no card in the reader"},
    {"error.no_reader", "Kart oxuyucusu tapılmadı", "Считыватель карт не найден", "No card reader found"},
    {"error.not_an_id_card", "Bu kart şəxsiyyət vəsiqəsi deyil",
     "Эта карта не является удостоверением личности",
     "This card is not an ID card"},
    {"error.not_yet_valid", "Kartın sertifikatı hələ qüvvəyə minməyib", "Сертификат карты ещё не действует",
     "The card's certificate is not valid yet"},
    {"error.pin_delay", "Bir neçə səhv cəhddən sonra bir az gözləyin",
     "После нескольких неверных попыток подождите немного",
     "After several wrong tries, please wait a moment"},
    {"error.pin_not_verified", "PIN kod təsdiqlənməyib", "PIN-код не подтверждён",
     "The PIN has not been verified"},
    {"error.reader_busy", "Kart oxuyucusu məşğuldur", "Считыватель карт занят", "The card reader is busy"},
    {"error.reader_service_unavailable", "Kart oxuyucu xidməti işləmir",
     "Служба считывателей карт не работает",
     "The card reader service is not running"},
    {"error.reader_unavailable", "Kart oxuyucusu əlçatan deyil", "Считыватель карт недоступен",
     "The card reader is unavailable"},
    {"error.schema_too_new", "Məlumat bazası bu proqramdan yenidir", "База данных новее этой программы",
     "The database is newer than this program"},
    {"error.store_busy", "Məlumat bazası məşğuldur", "База данных занята", "The database is busy"},
    {"error.store_corrupt", "Məlumat bazası zədələnib", "База данных повреждена", "The database is damaged"},
    {"error.store_error", "Məlumat bazası xətası", "Ошибка базы данных", "Database error"},
    {"error.store_full", "Diskdə yer yoxdur", "Нет места на диске", "The disk is full"},
    {"error.store_open_failed", "Məlumat bazası açıla bilmir", "Не удаётся открыть базу данных",
     "The database cannot be opened"},
    {"error.test_timeout", "Test vaxtında tamamlanmadı", "Проверка не завершена вовремя",
     "The test did not finish in time"},
    {"error.unexpected_status", "Kart gözlənilməz status qaytardı", "Карта вернула неожиданный статус",
     "The card returned an unexpected status"},
    {"error.unknown_table", "Naməlum cədvəl", "Неизвестная таблица", "Unknown table"},
    {"error.untrusted_ca", "Kartın sertifikatını etibarlı mərkəz verməyib",
     "Сертификат карты выдан недоверенным центром",
     "The card's certificate was not issued by a trusted authority"},
    {"error.wrong_pin", "PIN kod səhvdir", "Неверный PIN-код", "Wrong PIN"},
    {"role.citizen", "Vətəndaş", "Гражданин", "Citizen"},
    {"role.staff", "Xidmət mərkəzinin əməkdaşı", "Сотрудник сервисного центра", "Service-centre staff"},
    {"role.technician", "Texnik", "Техник", "Technician"},
    {"summary.current", "Hazırkı iş yeri", "Текущее место работы", "Current employment"},
    {"summary.none", "Qüvvədə olan əmək müqaviləsi yoxdur", "Действующих трудовых договоров нет",
     "No contract in force"},
    {"tab.contracts", "Bağlanma və dəyişikliklər", "Заключение и изменения", "Conclusion and amendments"},
    {"tab.termination", "Xitam", "Прекращение", "Termination"},
});

constexpr bool sorted_by_key() {
    for (std::size_t i = 1; i < k_table.size(); ++i)
        if (!(k_table[i - 1].key < k_table[i].key)) return false;
    return true;
}

static_assert(sorted_by_key(), "keep k_table sorted by key: lookups are binary searches");

} // namespace

std::optional<Lang> parse_lang(std::string_view code) {
    if (code == "az") return Lang::Az;
    if (code == "ru") return Lang::Ru;
    if (code == "en") return Lang::En;
    return std::nullopt;
}

std::string_view lang_code(Lang lang) {
    switch (lang) {
    case Lang::Az: return "az";
    case Lang::Ru: return "ru";
    case Lang::En: return "en";
    }
    return "az";
}

std::string_view tr(std::string_view key, Lang lang) {
    auto it = std::lower_bound(k_table.begin(), k_table.end(), key,
                               [](const Entry& e, std::string_view k) { return e.key < k; });
    if (it == k_table.end() || it->key != key) return key;
    switch (lang) {
    case Lang::Az: return it->az;
    case Lang::Ru: return it->ru;
    case Lang::En: return it->en;
    }
    return it->az;
}

std::string error_text(std::string_view code, Lang lang) {
    std::string key = "error." + std::string(code);
    std::string_view text = tr(key, lang);
    if (text == key) return std::string(tr("error.store_error", lang)) + " (" + std::string(code) + ")";
    return std::string(text);
}

std::size_t translation_count() { return k_table.size(); }
std::string_view translation_key(std::size_t index) { return k_table.at(index).key; }

} // namespace kiosk
