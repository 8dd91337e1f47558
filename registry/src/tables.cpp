// The generator's vocabulary. Sections:
//   1. reference lists   2. people   3. places   4. sectors   5. employer names
//   6. contracts and notifications
#include "tables.hpp"

#include <array>
#include <initializer_list>

namespace registry::detail {
namespace {

using sv = std::string_view;

constexpr std::uint32_t bits(std::initializer_list<int> units) {
    std::uint32_t mask = 0;
    for (int u : units)
        mask |= 1u << u;
    return mask;
}

// ---------------------------------------------------------------------------
// 1. Reference lists. The sample feed's records first, unchanged; then the
// further grounds of the Labour Code (Art. 68-75) in the same style.

constexpr ReferenceEntry k_reference[] = {
    {"notification_kind", "conclusion", "Əmək müqaviləsinin bağlanması", "Заключение трудового договора",
     "Contract concluded"},
    {"notification_kind", "amendment", "Əmək müqaviləsinə dəyişiklik edilməsi",
     "Изменение трудового договора", "Contract amended"},
    {"notification_kind", "termination", "Əmək müqaviləsinə xitam verilməsi",
     "Прекращение трудового договора", "Contract terminated"},
    {"notification_status", "entered", "Daxil edilib", "Введено", "Entered"},
    {"notification_status", "signed", "İmzalanıb", "Подписано", "Signed"},
    {"notification_status", "registered", "Qeydiyyata alınıb", "Зарегистрировано", "Registered"},
    {"notification_status", "cancelled", "Ləğv edilib", "Аннулировано", "Cancelled"},
    {"validity", "valid", "Etibarlıdır", "Действительно", "Valid"},
    {"validity", "invalid", "Etibarsızdır", "Недействительно", "Invalid"},
    {"contract_status", "in_force", "Qüvvədədir", "Действует", "In force"},
    {"contract_status", "ended", "Qüvvədən düşüb", "Утратил силу", "No longer in force"},
    {"contract_type", "indefinite", "Müddətsiz", "Бессрочный", "Indefinite"},
    {"contract_type", "fixed_term", "Müddətli", "Срочный", "Fixed-term"},
    {"amendment_field", "position", "Vəzifə", "Должность", "Position"},
    {"amendment_field", "workplace", "İş yeri", "Место работы", "Workplace"},
    {"amendment_field", "salary_azn", "Əmək haqqı", "Заработная плата", "Salary"},
    {"amendment_field", "working_time", "İş vaxtı", "Рабочее время", "Working time"},
    {"amendment_field", "end_date", "Müqavilənin bitmə tarixi", "Дата окончания договора",
     "Contract end date"},
    {"termination_reason", "69", "İşçinin təşəbbüsü ilə (Maddə 69)", "По инициативе работника (ст. 69)",
     "Employee's initiative (Art. 69)"},
    {"termination_reason", "70.a", "Müəssisə ləğv edildikdə (Maddə 70.a)",
     "Ликвидация предприятия (ст. 70.a)", "Liquidation of the enterprise (Art. 70.a)"},
    {"termination_reason", "70.b", "İşçilərin sayı və ya ştatları ixtisar edildikdə (Maddə 70.b)",
     "Сокращение численности или штата (ст. 70.b)", "Reduction of staff (Art. 70.b)"},
    {"termination_reason", "70.c", "Attestasiya nəticəsində tutduğu vəzifəyə uyğun gəlmədikdə (Maddə 70.c)",
     "Несоответствие должности по итогам аттестации (ст. 70.c)",
     "Unfit for the position after attestation (Art. 70.c)"},
    {"termination_reason", "70.ç", "Əmək vəzifələrini yerinə yetirmədikdə və ya kobud pozduqda (Maddə 70.ç)",
     "Неисполнение или грубое нарушение трудовых обязанностей (ст. 70.ç)",
     "Failure to perform or gross breach of duties (Art. 70.ç)"},
    {"termination_reason", "70.d", "Sınaq müddətində özünü doğrultmadıqda (Maddə 70.d)",
     "Неудовлетворительный результат испытания (ст. 70.d)", "Probation not passed (Art. 70.d)"},
    {"termination_reason", "73", "Tərəflərin iradəsindən asılı olmayan hallar (Maddə 73)",
     "Обстоятельства, не зависящие от воли сторон (ст. 73)",
     "Circumstances beyond the parties' control (Art. 73)"},
    {"termination_reason", "74", "Əmək müqaviləsinin müddəti qurtardıqda (Maddə 74)",
     "Истечение срока трудового договора (ст. 74)", "Expiry of the contract's term (Art. 74)"},
    {"termination_reason", "75", "Əmək şəraitinin şərtləri və ya mülkiyyətçi dəyişdikdə (Maddə 75)",
     "Изменение условий труда или собственника (ст. 75)", "Change of working conditions or owner (Art. 75)"},
    {"termination_reason", "68.2.e", "Tərəflərin əmək müqaviləsində müəyyən etdiyi hallar (Maddə 68.2.e)",
     "Случаи, предусмотренные сторонами в договоре (ст. 68.2.e)",
     "Cases set by the parties in the contract (Art. 68.2.e)"},
    // Beyond the sample.
    {"termination_reason", "70.e",
     "Büdcədən maliyyələşən müəssisədə işçi əmək fəaliyyəti üçün müəyyən edilmiş yaş həddinə çatdıqda (Maddə "
     "70.e)",
     "Достижение работником бюджетной организации предельного возраста (ст. 70.e)",
     "Age limit reached in a state-funded organisation (Art. 70.e)"},
    {"termination_reason", "73.a", "İşçi hərbi və ya alternativ xidmətə çağırıldıqda (Maddə 73.a)",
     "Призыв работника на военную или альтернативную службу (ст. 73.a)",
     "Conscription to military or alternative service (Art. 73.a)"},
    {"termination_reason", "73.b",
     "Əvvəllər bu vəzifədə çalışmış işçi məhkəmənin qərarı ilə işə bərpa edildikdə (Maddə 73.b)",
     "Восстановление на работе прежнего работника по решению суда (ст. 73.b)",
     "Previous employee reinstated by a court (Art. 73.b)"},
    {"termination_reason", "73.c", "İşçi əmək qabiliyyətini tam itirdikdə (Maddə 73.c)",
     "Полная утрата работником трудоспособности (ст. 73.c)", "Full loss of working capacity (Art. 73.c)"},
    {"termination_reason", "73.ç",
     "İşi davam etdirməyə mane olan məhkəmə hökmü qanuni qüvvəyə mindikdə (Maddə 73.ç)",
     "Вступление в силу приговора суда, препятствующего продолжению работы (ст. 73.ç)",
     "Court sentence preventing the work (Art. 73.ç)"},
    {"termination_reason", "73.d", "İşçi vəfat etdikdə (Maddə 73.d)", "Смерть работника (ст. 73.d)",
     "Death of the employee (Art. 73.d)"},
    {"termination_reason", "75.2.a", "Tərəflərin qarşılıqlı razılığı ilə (Maddə 75.2.a)",
     "По соглашению сторон (ст. 75.2.a)", "Agreement of the parties (Art. 75.2.a)"},
    {"termination_reason", "75.2.b",
     "Səhhətinə görə vəzifədə çalışmasının təhlükəli olduğu barədə tibbi rəy olduqda (Maddə 75.2.b)",
     "Медицинское заключение об опасности работы для здоровья работника (ст. 75.2.b)",
     "Medical opinion that the work endangers the employee's health (Art. 75.2.b)"},
};

constexpr TerminationReason k_reasons[] = {
    {"69", 480, ReasonRule::Any},    {"75.2.a", 120, ReasonRule::Any},
    {"70.b", 80, ReasonRule::Any},   {"70.a", 40, ReasonRule::Any},
    {"70.ç", 50, ReasonRule::Any},   {"70.d", 60, ReasonRule::Probation},
    {"70.c", 20, ReasonRule::Any},   {"70.e", 40, ReasonRule::AgeLimit},
    {"75", 30, ReasonRule::Any},     {"68.2.e", 20, ReasonRule::Any},
    {"73", 10, ReasonRule::Any},     {"73.a", 60, ReasonRule::Conscription},
    {"73.b", 8, ReasonRule::Any},    {"73.c", 6, ReasonRule::EndsCareer},
    {"73.ç", 6, ReasonRule::Any},    {"73.d", 5, ReasonRule::EndsCareer},
    {"75.2.b", 10, ReasonRule::Any}, {"74", 0, ReasonRule::Expiry},
};

// ---------------------------------------------------------------------------
// 2. People.

constexpr Surname k_surnames[] = {
    {"Məmmədov", "Məmmədova"},     {"Əliyev", "Əliyeva"},         {"Hüseynov", "Hüseynova"},
    {"Quliyev", "Quliyeva"},       {"Həsənov", "Həsənova"},       {"Rəhimov", "Rəhimova"},
    {"Şükürov", "Şükürova"},       {"Cəfərov", "Cəfərova"},       {"Bağırov", "Bağırova"},
    {"Nəsirov", "Nəsirova"},       {"İsmayılov", "İsmayılova"},   {"Abbasov", "Abbasova"},
    {"Qasımov", "Qasımova"},       {"Mustafayev", "Mustafayeva"}, {"Əhmədov", "Əhmədova"},
    {"Süleymanov", "Süleymanova"}, {"Orucov", "Orucova"},         {"Kərimov", "Kərimova"},
    {"Sadıqov", "Sadıqova"},       {"Babayev", "Babayeva"},       {"Nəbiyev", "Nəbiyeva"},
    {"Vəliyev", "Vəliyeva"},       {"Hacıyev", "Hacıyeva"},       {"Rzayev", "Rzayeva"},
    {"Zeynalov", "Zeynalova"},     {"Əsgərov", "Əsgərova"},       {"Məhərrəmov", "Məhərrəmova"},
    {"İbrahimov", "İbrahimova"},   {"Qurbanov", "Qurbanova"},     {"Salmanov", "Salmanova"},
    {"Tağıyev", "Tağıyeva"},       {"Novruzov", "Novruzova"},     {"Paşayev", "Paşayeva"},
    {"Ələkbərov", "Ələkbərova"},   {"Həmidov", "Həmidova"},       {"Şirinov", "Şirinova"},
    {"Musayev", "Musayeva"},       {"Əzizov", "Əzizova"},         {"Ağayev", "Ağayeva"},
    {"Talıbov", "Talıbova"},       {"Cəbrayılov", "Cəbrayılova"}, {"Allahverdiyev", "Allahverdiyeva"},
    {"Qəhrəmanov", "Qəhrəmanova"}, {"Ömərov", "Ömərova"},         {"Sultanov", "Sultanova"},
    {"Çələbiyev", "Çələbiyeva"},   {"Ağamalıyev", "Ağamalıyeva"}, {"Mirzəyev", "Mirzəyeva"},
    {"Səfərov", "Səfərova"},       {"Kazımov", "Kazımova"},       {"Əlizadə", "Əlizadə"},
    {"Hüseynzadə", "Hüseynzadə"},  {"Məmmədli", "Məmmədli"},      {"Həsənli", "Həsənli"},
    {"Abbaslı", "Abbaslı"},        {"Nəsirli", "Nəsirli"},        {"Cəfərli", "Cəfərli"},
    {"Şükürlü", "Şükürlü"},        {"Bağırlı", "Bağırlı"},        {"Qaraşov", "Qaraşova"},
};

constexpr sv k_male_names[] = {
    "Rəşad", "Tofiq",  "Şahin",   "Çingiz", "Elşən",  "Ömər",  "Fərid",  "İlkin",   "Əli",    "Rza",
    "Vüqar", "Elvin",  "Orxan",   "Tural",  "Kamran", "Anar",  "Ramil",  "Rauf",    "Nicat",  "Murad",
    "Emin",  "Səbuhi", "Ceyhun",  "Fuad",   "Elnur",  "Aydın", "Zaur",   "Ülvi",    "Nurlan", "Mehman",
    "Vüsal", "Cavid",  "Həsən",   "Hüseyn", "Məmməd", "Qasım", "Rüstəm", "Natiq",   "Azər",   "Əhməd",
    "İlham", "Oqtay",  "Bəhruz",  "Şamil",  "Rövşən", "Famil", "Yaşar",  "Xəyal",   "Sənan",  "Toğrul",
    "Vaqif", "Zakir",  "İsmayıl", "Cəlal",  "Elçin",  "Əkbər", "Samir",  "Mübariz", "Arif",   "Tahir",
};

constexpr sv k_female_names[] = {
    "Gülşən", "Aynur",  "Ülviyyə", "Gülnarə", "Səbinə", "Aysel",  "Leyla",  "Nərgiz",  "Günel",    "Könül",
    "Sevinc", "Aygün",  "Lalə",    "Nigar",   "Şəbnəm", "Zərifə", "Xədicə", "Fatimə",  "Aytən",    "Nərmin",
    "Səadət", "Türkan", "Rəna",    "Gülər",   "İradə",  "Arzu",   "Kəmalə", "Məlahət", "Mehriban", "Zümrüd",
    "Lamiyə", "Çiçək",  "Ülkər",   "Dilarə",  "Səkinə", "Əsmər",  "Şəhla",  "İlahə",   "Fidan",    "Günay",
    "Jalə",   "Ofelya", "Röya",    "Sona",    "Təranə", "Validə", "Yeganə", "Zəhra",   "Pərvin",   "Ağgül",
};

// ---------------------------------------------------------------------------
// 3. Places.

constexpr sv k_baku_districts[] = {"Nəsimi", "Yasamal", "Nərimanov", "Səbail",  "Binəqədi", "Xətai",
                                   "Nizami", "Sabunçu", "Suraxanı",  "Qaradağ", "Xəzər",    "Pirallahı"};

constexpr Area k_areas[] = {
    {"Bakı", AreaKind::Capital, 450, k_baku_districts},
    {"Sumqayıt", AreaKind::City, 70, {}},
    {"Gəncə", AreaKind::City, 70, {}},
    {"Mingəçevir", AreaKind::City, 25, {}},
    {"Şirvan", AreaKind::City, 15, {}},
    {"Lənkəran", AreaKind::City, 25, {}},
    {"Şəki", AreaKind::City, 25, {}},
    {"Naxçıvan", AreaKind::City, 25, {}},
    {"Yevlax", AreaKind::City, 15, {}},
    {"Naftalan", AreaKind::City, 5, {}},
    {"Xankəndi", AreaKind::City, 5, {}},
    {"Şuşa", AreaKind::City, 5, {}},
    {"Quba", AreaKind::Rayon, 15, {}},
    {"Qusar", AreaKind::Rayon, 10, {}},
    {"Xaçmaz", AreaKind::Rayon, 15, {}},
    {"Qəbələ", AreaKind::Rayon, 15, {}},
    {"İsmayıllı", AreaKind::Rayon, 10, {}},
    {"Şamaxı", AreaKind::Rayon, 10, {}},
    {"Göyçay", AreaKind::Rayon, 10, {}},
    {"Ağdaş", AreaKind::Rayon, 8, {}},
    {"Bərdə", AreaKind::Rayon, 12, {}},
    {"Zaqatala", AreaKind::Rayon, 10, {}},
    {"Qax", AreaKind::Rayon, 8, {}},
    {"Masallı", AreaKind::Rayon, 12, {}},
    {"Cəlilabad", AreaKind::Rayon, 10, {}},
    {"Salyan", AreaKind::Rayon, 8, {}},
    {"Tovuz", AreaKind::Rayon, 8, {}},
    {"Ağstafa", AreaKind::Rayon, 6, {}},
    {"Astara", AreaKind::Rayon, 6, {}},
    {"Qazax", AreaKind::Rayon, 6, {}},
    {"Füzuli", AreaKind::Rayon, 5, {}},
    {"Ağcabədi", AreaKind::Rayon, 6, {}},
};

constexpr sv k_streets[] = {
    "Füzuli küçəsi",
    "Nizami küçəsi",
    "Azadlıq prospekti",
    "Atatürk prospekti",
    "Heydər Əliyev prospekti",
    "Üzeyir Hacıbəyov küçəsi",
    "Səməd Vurğun küçəsi",
    "Cəfər Cabbarlı küçəsi",
    "Rəşid Behbudov küçəsi",
    "Xətai prospekti",
    "Neftçilər prospekti",
    "Bülbül prospekti",
    "İstiqlaliyyət küçəsi",
    "Şəhriyar küçəsi",
    "Mirzə Fətəli Axundov küçəsi",
    "Məhsəti Gəncəvi küçəsi",
    "Cavad xan küçəsi",
    "Natəvan küçəsi",
    "Babək prospekti",
    "Tbilisi prospekti",
    "Ziya Bünyadov prospekti",
    "Qara Qarayev prospekti",
    "Əliağa Vahid küçəsi",
    "Müslüm Maqomayev küçəsi",
    "Gənclik küçəsi",
    "Koroğlu küçəsi",
    "Sabir küçəsi",
    "Çingiz Mustafayev küçəsi",
    "Məmməd Əmin Rəsulzadə küçəsi",
    "Hüseyn Cavid prospekti",
    "Şərifzadə küçəsi",
    "Əhməd Cəmil küçəsi",
    "Yusif Səfərov küçəsi",
    "Ağa Nemətulla küçəsi",
    "Zərifə Əliyeva küçəsi",
    "Nəriman Nərimanov prospekti",
    "Dilarə Əliyeva küçəsi",
    "Şah İsmayıl Xətai küçəsi",
    "Ələsgər Ələkbərov küçəsi",
};

constexpr sv k_village_streets[] = {"Mərkəzi küçə", "Məktəb küçəsi", "Heydər Əliyev küçəsi", "Bulaq küçəsi",
                                    "Gənclər küçəsi"};

constexpr Village k_villages[] = {
    {"Quba", "Xınalıq"},     {"Quba", "Zeyvə"},         {"Qəbələ", "Nic"},     {"Qəbələ", "Vəndam"},
    {"İsmayıllı", "Lahıc"},  {"İsmayıllı", "Basqal"},   {"Qax", "İlisu"},      {"Zaqatala", "Car"},
    {"Zaqatala", "Əliabad"}, {"Masallı", "Ərkivan"},    {"Xaçmaz", "Nabran"},  {"Qusar", "Ənixal"},
    {"Göyçay", "Bığır"},     {"Tovuz", "Düz Qırıqlı"},  {"Astara", "Ərçivan"}, {"Şamaxı", "Mədrəsə"},
    {"Salyan", "Qarabağlı"}, {"Cəlilabad", "Uzuntəpə"}, {"Ağdaş", "Ləki"},     {"Bərdə", "Mustafaağalı"},
};

// ---------------------------------------------------------------------------
// 4. Sectors: positions (name, promotion, base salary, units) and units.

constexpr sv k_company_units[] = {
    "Maliyyə şöbəsi",                     // 0
    "Mühasibatlıq",                       // 1
    "Nəqliyyat bölməsi",                  // 2
    "Logistika şöbəsi",                   // 3
    "İnsan resursları şöbəsi",            // 4
    "Satış şöbəsi",                       // 5
    "Müştərilərə xidmət şöbəsi",          // 6
    "Marketinq şöbəsi",                   // 7
    "İnformasiya texnologiyaları şöbəsi", // 8
    "Hüquq şöbəsi",                       // 9
    "Anbar",                              // 10
    "Təchizat şöbəsi",                    // 11
    "İnzibati-təsərrüfat şöbəsi",         // 12
    "Mühafizə xidməti",                   // 13
    "Yeməkxana",                          // 14
    "Texniki xidmət bölməsi",             // 15
};
constexpr Position k_company_positions[] = {
    {"Mühasib", 1, 900, bits({0, 1})},                          // 0
    {"Baş mühasib", -1, 1800, bits({0, 1})},                    // 1
    {"İqtisadçı", 3, 1000, bits({0})},                          // 2
    {"Baş iqtisadçı", -1, 1700, bits({0})},                     // 3
    {"Sürücü", -1, 700, bits({2, 3})},                          // 4
    {"Ekspeditor", 6, 650, bits({3, 10})},                      // 5
    {"Logist", 7, 1100, bits({3})},                             // 6
    {"Logistika şöbəsinin müdiri", -1, 2200, bits({3})},        // 7
    {"İnsan resursları üzrə mütəxəssis", 9, 1000, bits({4})},   // 8
    {"İnsan resursları şöbəsinin müdiri", -1, 2200, bits({4})}, // 9
    {"Satış meneceri", 11, 900, bits({5, 6})},                  // 10
    {"Satış şöbəsinin müdiri", -1, 2000, bits({5})},            // 11
    {"Operator", 13, 550, bits({6, 2})},                        // 12
    {"Baş operator", -1, 750, bits({6})},                       // 13
    {"Marketoloq", -1, 1100, bits({7})},                        // 14
    {"Proqramçı", 16, 1600, bits({8})},                         // 15
    {"Aparıcı proqramçı", -1, 2800, bits({8})},                 // 16
    {"Sistem inzibatçısı", -1, 1300, bits({8})},                // 17
    {"Hüquqşünas", 19, 1200, bits({9})},                        // 18
    {"Baş hüquqşünas", -1, 2000, bits({9})},                    // 19
    {"Anbardar", -1, 600, bits({10, 11})},                      // 20
    {"Təchizatçı", -1, 800, bits({11})},                        // 21
    {"Ofis meneceri", -1, 750, bits({12})},                     // 22
    {"Katib-referent", -1, 600, bits({12})},                    // 23
    {"Mühafizəçi", -1, 450, bits({13})},                        // 24
    {"Aşpaz", 26, 650, bits({14})},                             // 25
    {"Baş aşpaz", -1, 1000, bits({14})},                        // 26
    {"Xadimə", -1, 345, bits({12})},                            // 27
    {"Elektrik", -1, 700, bits({15})},                          // 28
    {"Mühəndis", 30, 1300, bits({15})},                         // 29
    {"Baş mühəndis", -1, 2300, bits({15})},                     // 30
};

constexpr sv k_factory_units[] = {
    "İstehsalat sexi",                   // 0
    "Əsas istehsalat sexi",              // 1
    "Təmir-mexanika sexi",               // 2
    "Qablaşdırma sexi",                  // 3
    "Keyfiyyətə nəzarət laboratoriyası", // 4
    "Enerji təsərrüfatı",                // 5
    "Hazır məhsul anbarı",               // 6
    "Mühasibatlıq",                      // 7
    "Nəqliyyat bölməsi",                 // 8
    "Kadrlar şöbəsi",                    // 9
    "Texniki nəzarət şöbəsi",            // 10
};
constexpr Position k_factory_positions[] = {
    {"Operator", 1, 600, bits({0, 1, 3})},          // 0
    {"Baş operator", -1, 800, bits({0, 1})},        // 1
    {"Dəzgahçı", -1, 650, bits({0, 2})},            // 2
    {"Qaynaqçı", -1, 750, bits({2})},               // 3
    {"Çilingər", -1, 600, bits({2})},               // 4
    {"Elektrik montyoru", 6, 700, bits({5})},       // 5
    {"Baş energetik", -1, 1500, bits({5})},         // 6
    {"Usta", 8, 900, bits({0, 1, 2, 3})},           // 7
    {"Sex rəisi", -1, 1600, bits({0, 1, 2, 3})},    // 8
    {"Texnoloq", 10, 1000, bits({0, 1, 10})},       // 9
    {"Baş texnoloq", -1, 1800, bits({10})},         // 10
    {"Laborant", -1, 550, bits({4})},               // 11
    {"Mühəndis", 13, 1200, bits({2, 5, 10})},       // 12
    {"Baş mühəndis", -1, 2200, bits({10})},         // 13
    {"Mexanik", -1, 800, bits({2})},                // 14
    {"Qablaşdırıcı", -1, 450, bits({3})},           // 15
    {"Yükləyici", -1, 450, bits({6})},              // 16
    {"Anbardar", -1, 600, bits({6})},               // 17
    {"Mühasib", 19, 850, bits({7})},                // 18
    {"Baş mühasib", -1, 1600, bits({7})},           // 19
    {"Sürücü", -1, 700, bits({8})},                 // 20
    {"Kadrlar üzrə inspektor", -1, 700, bits({9})}, // 21
};

constexpr sv k_school_units[] = {
    "Tədris hissəsi",                   // 0
    "İbtidai təhsil bölməsi",           // 1
    "Dəqiq elmlər metodbirləşməsi",     // 2
    "Humanitar fənlər metodbirləşməsi", // 3
    "Təbiət fənləri metodbirləşməsi",   // 4
    "Xarici dillər metodbirləşməsi",    // 5
    "Təsərrüfat hissəsi",               // 6
    "Mühasibatlıq",                     // 7
    "Kitabxana",                        // 8
};
constexpr Position k_school_positions[] = {
    {"İbtidai sinif müəllimi", 12, 600, bits({1})},                // 0
    {"Riyaziyyat müəllimi", 12, 650, bits({2})},                   // 1
    {"Fizika müəllimi", 12, 650, bits({2})},                       // 2
    {"İnformatika müəllimi", -1, 650, bits({2})},                  // 3
    {"Azərbaycan dili və ədəbiyyat müəllimi", 12, 650, bits({3})}, // 4
    {"Tarix müəllimi", -1, 620, bits({3})},                        // 5
    {"Kimya müəllimi", -1, 620, bits({4})},                        // 6
    {"Biologiya müəllimi", -1, 620, bits({4})},                    // 7
    {"İngilis dili müəllimi", -1, 650, bits({5})},                 // 8
    {"Rus dili müəllimi", -1, 620, bits({5})},                     // 9
    {"Bədən tərbiyəsi müəllimi", -1, 580, bits({0})},              // 10
    {"Müəllim", 12, 600, bits({0, 1})},                            // 11
    {"Direktor müavini", -1, 1000, bits({0})},                     // 12
    {"Psixoloq", -1, 600, bits({0})},                              // 13
    {"Kitabxanaçı", -1, 450, bits({8})},                           // 14
    {"Laborant", -1, 400, bits({4})},                              // 15
    {"Mühasib", -1, 700, bits({7})},                               // 16
    {"Təsərrüfat müdiri", -1, 600, bits({6})},                     // 17
    {"Xadimə", -1, 345, bits({6})},                                // 18
    {"Gözətçi", -1, 345, bits({6})},                               // 19
};

constexpr sv k_hospital_units[] = {
    "Terapiya şöbəsi",     // 0
    "Cərrahiyyə şöbəsi",   // 1
    "Pediatriya şöbəsi",   // 2
    "Kardiologiya şöbəsi", // 3
    "Nevrologiya şöbəsi",  // 4
    "Qəbul şöbəsi",        // 5
    "Klinik laboratoriya", // 6
    "Aptek",               // 7
    "Reanimasiya şöbəsi",  // 8
    "Mühasibatlıq",        // 9
    "Təsərrüfat hissəsi",  // 10
    "Qeydiyyat şöbəsi",    // 11
};
constexpr Position k_hospital_positions[] = {
    {"Həkim", 7, 900, bits({0, 5, 8})},                   // 0
    {"Həkim-terapevt", 7, 950, bits({0})},                // 1
    {"Həkim-cərrah", 7, 1300, bits({1})},                 // 2
    {"Həkim-pediatr", 7, 950, bits({2})},                 // 3
    {"Həkim-kardioloq", 7, 1100, bits({3})},              // 4
    {"Həkim-nevroloq", 7, 1050, bits({4})},               // 5
    {"Həkim-reanimatoloq", 7, 1200, bits({8})},           // 6
    {"Şöbə müdiri", -1, 1800, bits({0, 1, 2, 3, 4, 8})},  // 7
    {"Tibb bacısı", 9, 500, bits({0, 1, 2, 3, 4, 5, 8})}, // 8
    {"Baş tibb bacısı", -1, 750, bits({0, 1, 2, 3, 4})},  // 9
    {"Feldşer", -1, 520, bits({5})},                      // 10
    {"Laborant", -1, 480, bits({6})},                     // 11
    {"Əczaçı", -1, 600, bits({7})},                       // 12
    {"Sanitar", -1, 345, bits({0, 1, 2, 5})},             // 13
    {"Registrator", -1, 400, bits({11})},                 // 14
    {"Mühasib", 16, 800, bits({9})},                      // 15
    {"Baş mühasib", -1, 1400, bits({9})},                 // 16
    {"Sürücü", -1, 600, bits({10})},                      // 17
};

constexpr sv k_state_units[] = {
    "Ümumi şöbə",                               // 0
    "Maliyyə şöbəsi",                           // 1
    "Hüquq şöbəsi",                             // 2
    "Sosial məsələlər şöbəsi",                  // 3
    "Təşkilat şöbəsi",                          // 4
    "İnsan resursları şöbəsi",                  // 5
    "Vətəndaşların müraciətləri ilə iş şöbəsi", // 6
    "İqtisadiyyat şöbəsi",                      // 7
    "Təsərrüfat şöbəsi",                        // 8
    "Aparat",                                   // 9
};
constexpr std::uint32_t k_state_policy_units = bits({0, 2, 3, 4, 6, 7});
constexpr Position k_state_positions[] = {
    {"Məsləhətçi", 1, 800, k_state_policy_units},              // 0
    {"Aparıcı məsləhətçi", 2, 950, k_state_policy_units},      // 1
    {"Baş məsləhətçi", 3, 1100, k_state_policy_units},         // 2
    {"Şöbə müdirinin müavini", 4, 1400, k_state_policy_units}, // 3
    {"Şöbə müdiri", -1, 1700, k_state_policy_units},           // 4
    {"Mütəxəssis", 6, 700, bits({1, 5, 8})},                   // 5
    {"Baş mütəxəssis", -1, 900, bits({1, 5})},                 // 6
    {"Hüquqşünas", -1, 1000, bits({2})},                       // 7
    {"Mühasib", 9, 800, bits({1})},                            // 8
    {"Baş mühasib", -1, 1300, bits({1})},                      // 9
    {"Referent", -1, 700, bits({9})},                          // 10
    {"Operator", -1, 500, bits({6, 0})},                       // 11
    {"Sürücü", -1, 600, bits({8})},                            // 12
    {"Arxivarius", -1, 450, bits({0})},                        // 13
};

constexpr sv k_hospitality_units[] = {
    "Mətbəx",             // 0
    "Restoran zalı",      // 1
    "Qəbul xidməti",      // 2
    "Otaq xidməti",       // 3
    "Bar",                // 4
    "Mühasibatlıq",       // 5
    "Təsərrüfat xidməti", // 6
};
constexpr Position k_hospitality_positions[] = {
    {"Aşpaz", 2, 700, bits({0})},                     // 0
    {"Aşpaz köməkçisi", 0, 450, bits({0})},           // 1
    {"Baş aşpaz", -1, 1400, bits({0})},               // 2
    {"Qənnadçı", -1, 650, bits({0})},                 // 3
    {"Ofisiant", 5, 400, bits({1})},                  // 4
    {"Zal müdiri", -1, 900, bits({1})},               // 5
    {"Barmen", -1, 500, bits({4})},                   // 6
    {"Administrator", -1, 700, bits({2, 1})},         // 7
    {"Qəbul xidmətinin əməkdaşı", 7, 600, bits({2})}, // 8
    {"Otaq xidmətçisi", -1, 400, bits({3})},          // 9
    {"Mühasib", -1, 800, bits({5})},                  // 10
    {"Sürücü", -1, 600, bits({6})},                   // 11
    {"Texnik", -1, 550, bits({6})},                   // 12
};

constexpr sv k_finance_units[] = {
    "Kredit şöbəsi",                            // 0
    "Kassa əməliyyatları şöbəsi",               // 1
    "Müştərilərə xidmət şöbəsi",                // 2
    "Risklərin idarə edilməsi departamenti",    // 3
    "Mühasibatlıq",                             // 4
    "İnformasiya texnologiyaları departamenti", // 5
    "Hüquq departamenti",                       // 6
    "Nərimanov filialı",                        // 7
    "Yasamal filialı",                          // 8
    "Gəncə filialı",                            // 9
    "Sumqayıt filialı",                         // 10
    "Zərərlərin tənzimlənməsi şöbəsi",          // 11
};
constexpr std::uint32_t k_branches = bits({7, 8, 9, 10});
constexpr Position k_finance_positions[] = {
    {"Kassir", 1, 650, bits({1}) | k_branches},                             // 0
    {"Baş kassir", -1, 900, bits({1}) | k_branches},                        // 1
    {"Kredit mütəxəssisi", 3, 1100, bits({0}) | k_branches},                // 2
    {"Kredit şöbəsinin rəisi", -1, 2500, bits({0})},                        // 3
    {"Müştəri xidmətləri üzrə mütəxəssis", 5, 800, bits({2}) | k_branches}, // 4
    {"Baş mütəxəssis", -1, 1300, bits({0, 2, 3})},                          // 5
    {"Risk analitiki", -1, 1800, bits({3})},                                // 6
    {"Mühasib", 8, 1100, bits({4})},                                        // 7
    {"Baş mühasib", -1, 2500, bits({4})},                                   // 8
    {"Proqramçı", 10, 2000, bits({5})},                                     // 9
    {"Aparıcı proqramçı", -1, 3200, bits({5})},                             // 10
    {"Hüquqşünas", -1, 1600, bits({6})},                                    // 11
    {"Filial müdiri", -1, 3000, k_branches},                                // 12
    {"Sığorta agenti", -1, 600, bits({2, 11})},                             // 13
    {"Anderrayter", -1, 1400, bits({11})},                                  // 14
};

constexpr Sector k_sectors[] = {
    {k_company_positions, k_company_units, false}, {k_factory_positions, k_factory_units, false},
    {k_school_positions, k_school_units, true},    {k_hospital_positions, k_hospital_units, true},
    {k_state_positions, k_state_units, true},      {k_hospitality_positions, k_hospitality_units, false},
    {k_finance_positions, k_finance_units, false},
};
constexpr std::uint32_t k_sector_weights[] = {450, 100, 120, 100, 100, 70, 60};
static_assert(std::size(k_sectors) == k_sector_count && std::size(k_sector_weights) == k_sector_count);

// Every promotion and unit refers to an entry of its own sector.
constexpr bool sectors_consistent() {
    for (const Sector& s : k_sectors) {
        if (s.units.size() > 32) return false;
        for (const Position& p : s.positions) {
            if (p.promotion >= static_cast<int>(s.positions.size())) return false;
            if (p.units == 0 || (p.units >> s.units.size()) != 0) return false;
            if (p.base_azn < 345) return false;
        }
    }
    return true;
}
static_assert(sectors_consistent());

// ---------------------------------------------------------------------------
// 5. Employer names.

constexpr sv k_company_stems[] = {
    "Xəzər",   "Abşeron",    "Şirvan", "Qarabağ", "Kür",       "Araz",   "Savalan", "Şahdağ", "Göygöl",
    "Ulduz",   "Günəş",      "Çinar",  "Ümid",    "İpək Yolu", "Azər",   "Nur",     "Şəfəq",  "Zəfər",
    "Örnək",   "Yaşıl Vadi", "Qafqaz", "Dünya",   "Səma",      "Mərcan", "Aran",    "Muğan",  "Odlar Yurdu",
    "Ağ Qaya", "Gilan",      "Vətən",  "Bayraq",  "İnci",      "Ləl",    "Atəşgah",
};
constexpr sv k_company_activities[] = {
    "Logistika",    "Tikinti", "Ticarət", "İnşaat",    "Qida",        "Neft Servis", "Texnologiya",
    "Mebel",        "Tekstil", "Aqro",    "Nəqliyyat", "Enerji",      "Konsaltinq",  "Turizm",
    "Media",        "Təmir",   "Dizayn",  "Avto",      "Elektronika", "Təchizat",    "Mühəndislik",
    "Distribusiya", "Qrup",    "Servis",  "Market",    "İnvest",
};
constexpr sv k_caps_brands[] = {
    "AĞ ŞƏHƏR TİKİNTİ", "DAĞ ÇİÇƏYİ", "BAĞLAR ÜZÜM",  "ÇAĞ TEXNOLOGİYA", "SAĞLAM QİDA",
    "DOĞMA DİYAR",      "AĞSU ÇÖRƏK", "YAĞIŞ İNŞAAT", "DAĞÜSTÜ ENERJİ",  "DOĞRU YOL",
};
constexpr sv k_factory_products[] = {
    "Şüşə Zavodu",
    "Sement Zavodu",
    "Mebel Fabriki",
    "Tekstil Fabriki",
    "Şərab Zavodu",
    "Konserv Zavodu",
    "Çörək Zavodu",
    "Kərpic Zavodu",
    "Alüminium Zavodu",
    "Boru Zavodu",
    "Süd Kombinatı",
    "Çay Fabriki",
    "Xalça Fabriki",
    "Pambıq Emalı Zavodu",
    "Plastik Məmulatlar Zavodu",
    "Metal Konstruksiyalar Zavodu",
};
constexpr sv k_hospitality_kinds[] = {"Restoran", "Otel", "Şadlıq Sarayı", "Kafe", "Qonaq Evi"};
constexpr sv k_finance_kinds[] = {"Bank", "Sığorta", "Kredit", "Lizinq"};
constexpr sv k_state_body_kinds[] = {"İcra Hakimiyyəti",   "Təhsil Şöbəsi",
                                     "Məşğulluq Mərkəzi",  "Mərkəzləşdirilmiş Kitabxana Sistemi",
                                     "Mədəniyyət Mərkəzi", "Gənclər və İdman Şöbəsi"};

// ---------------------------------------------------------------------------
// 6. Contracts and notifications.

constexpr WorkingTime k_working_times[] = {
    {"Tam iş günü, həftədə 40 saat", 800, 1000},      {"Natamam iş günü, həftədə 20 saat", 60, 500},
    {"Natamam iş günü, həftədə 30 saat", 40, 750},    {"Qısaldılmış iş vaxtı, həftədə 36 saat", 50, 1000},
    {"Növbəli iş rejimi, həftədə 40 saat", 50, 1000},
};

constexpr sv k_cancellation_reasons[] = {
    "Bildiriş işəgötürən tərəfindən ləğv edilib",
    "Bildiriş səhv məlumatlara görə işəgötürən tərəfindən geri çağırılıb",
    "Bildiriş təkrar təqdim edildiyi üçün ləğv edilib",
};
constexpr sv k_invalidity_reasons[] = {
    "Məhkəmənin qərarı ilə etibarsız hesab edilib",
    "Dövlət Əmək Müfəttişliyi Xidmətinin yoxlaması nəticəsində etibarsız hesab edilib",
    "İmzalayan şəxsin səlahiyyəti təsdiq edilməyib",
};

} // namespace

std::span<const ReferenceEntry> reference_entries() {
    return k_reference;
}
std::span<const TerminationReason> termination_reasons() {
    return k_reasons;
}
std::span<const Surname> surnames() {
    return k_surnames;
}
std::span<const std::string_view> male_names() {
    return k_male_names;
}
std::span<const std::string_view> female_names() {
    return k_female_names;
}
std::span<const Area> areas() {
    return k_areas;
}
std::span<const std::string_view> streets() {
    return k_streets;
}
std::span<const std::string_view> village_streets() {
    return k_village_streets;
}
std::span<const Village> villages() {
    return k_villages;
}
const Sector& sector(SectorKind kind) {
    return k_sectors[static_cast<int>(kind)];
}
std::span<const std::uint32_t> sector_weights() {
    return k_sector_weights;
}
std::span<const std::string_view> company_stems() {
    return k_company_stems;
}
std::span<const std::string_view> company_activities() {
    return k_company_activities;
}
std::span<const std::string_view> caps_brands() {
    return k_caps_brands;
}
std::span<const std::string_view> factory_products() {
    return k_factory_products;
}
std::span<const std::string_view> hospitality_kinds() {
    return k_hospitality_kinds;
}
std::span<const std::string_view> finance_kinds() {
    return k_finance_kinds;
}
std::span<const std::string_view> state_body_kinds() {
    return k_state_body_kinds;
}
std::span<const WorkingTime> working_times() {
    return k_working_times;
}
std::span<const std::string_view> cancellation_reasons() {
    return k_cancellation_reasons;
}
std::span<const std::string_view> invalidity_reasons() {
    return k_invalidity_reasons;
}

} // namespace registry::detail
