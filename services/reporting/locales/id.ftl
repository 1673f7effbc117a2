# Berdaya dashboard and exports: Bahasa Indonesia (the default language).
# Programme words stay as officers say them: PKH, P2K2, KUBE, Musdes, IKS, desil.
# Keys: ind-<indicator id with dots as dashes> (with .unit), value-<set>-<VALUE>,
# dimension-<name>, region-*, level-*, and the page words below.

language-name = Bahasa Indonesia
other-language = English
app-tagline = Pemberdayaan keluarga miskin

## Pages and controls
period = Periode
period-from = Dari bulan
period-to = Sampai bulan
view = Tampilan
view-month = Bulanan
view-quarter = Triwulanan
view-year = Tahunan
show = Tampilkan
download-csv = Unduh CSV
download-xlsx = Unduh Excel (XLSX)
print = Cetak
logout = Keluar
signed-in-as = Masuk sebagai { $subject } ({ $role })
figures-up-to = Data sampai: { $sources } · { $pending } belum diterapkan · { $parked } diparkir
figures-none-yet = belum ada
child-regions = Wilayah di bawahnya
child-regions-none = Belum ada angka untuk wilayah di bawahnya pada periode ini.
sort-hint = Klik judul kolom untuk mengurutkan.
col-region = Wilayah
col-level = Tingkat
col-code = Kode
no-indicators-yet = Belum ada indikator: layanan strategi ini belum mencatat kegiatan di deployment ini.
no-figures = Tidak ada angka pada periode ini.
per-month = per bulan
per-quarter = per triwulan
per-year = per tahun
level-at-end = posisi akhir periode
total = jumlah
median-days = Median: { $days } hari ({ $cases } kasus pada periode ini)
national = Indonesia
provinces = Provinsi
active-households = Rumah tangga aktif
no-households = Belum ada rumah tangga terdaftar.
printed-on = Dicetak { $at }
quarter-label = Triwulan { $quarter } { $year }

## Sign-in
login-title = Masuk
login-intro = Tempel token akses yang Anda terima dari admin Berdaya. Sesi berlaku { $hours } jam atau sampai token berakhir.
login-token = Token akses
login-submit = Masuk
login-refused = Token tidak berlaku atau sudah kedaluwarsa. Minta token baru kepada admin Berdaya.
logged-out = Anda sudah keluar.

## Errors
error-title-400 = Permintaan tidak valid
error-title-401 = Perlu masuk
error-title-403 = Tidak berhak
error-title-404 = Tidak ditemukan
error-title-500 = Kesalahan server
error-sign-in = Silakan masuk dulu.
error-forbidden = Anda tidak berhak melihat wilayah { $code }.
error-no-region = Token ini tidak memberi akses ke wilayah mana pun.
error-unknown-region = Wilayah { $code } tidak dikenal.
error-internal = Terjadi kesalahan di server; coba lagi nanti. Sebutkan kode { $reference } kepada admin.
back-home = Kembali ke halaman utama

## Regions
level-province = Provinsi
level-regency = Kabupaten/Kota
level-district = Kecamatan
level-village = Kelurahan/Desa
region-province = Provinsi { $name }
region-regency = { $name }
region-district = Kecamatan { $name }
region-village-1 = Kelurahan { $name }
region-village-2 = Desa { $name }
region-village-3 = Desa Adat { $name }

## Strategies
strategy-0 = Registrasi rumah tangga
strategy-1 = 1. Partisipasi Sosial
strategy-2 = 2. Pengembangan Usaha Kewirausahaan (KUBE)
strategy-3 = 3. Pengembangan Budaya Menabung
strategy-4 = 4. Kemitraan Sosial
strategy-5 = 5. Advokasi Sosial
strategy-6 = 6. Penguatan Kapasitas SDM Kelembagaan
strategy-7 = 7. Aktualisasi Nilai Spiritualitas dan Kearifan Lokal

## Exports
csv-region-code = kode_wilayah
csv-region-name = nama_wilayah
csv-region-level = tingkat
csv-month = bulan
csv-strategy = strategi
csv-indicator = indikator
csv-indicator-title = judul_indikator
csv-dimension = rincian
csv-dimension-label = label_rincian
csv-value = nilai
csv-unit = satuan
xlsx-sheet-0 = Registrasi
xlsx-sheet-1 = 1 Partisipasi
xlsx-sheet-2 = 2 KUBE
xlsx-sheet-3 = 3 Menabung
xlsx-sheet-4 = 4 Kemitraan
xlsx-sheet-5 = 5 Advokasi
xlsx-sheet-6 = 6 Kapasitas
xlsx-sheet-7 = 7 Kearifan Lokal

## Units
unit-rupiah = rupiah

## Dimensions
dimension-decile = desil
value-decile = Desil { $n }
value-days = { $n } hari

## Indicators: registry
ind-registry-households_registered = Rumah tangga terdaftar
    .unit = rumah tangga
ind-registry-households_active = Rumah tangga aktif menurut desil DTSEN
    .unit = rumah tangga
ind-registry-people = Jiwa dalam rumah tangga aktif
    .unit = jiwa
ind-registry-enrolments = Kepesertaan program baru
    .unit = rumah tangga
ind-registry-exits = Keluar dari program
    .unit = rumah tangga
ind-registry-enrolled = Rumah tangga peserta program
    .unit = rumah tangga
ind-registry-pkh_entitlement = Hak bantuan PKH setahun
    .unit = rupiah

## Indicators: 1 participation
ind-participation-activities_planned = Kegiatan direncanakan
    .unit = kegiatan
ind-participation-activities_held = Kegiatan terlaksana
    .unit = kegiatan
ind-participation-activities_cancelled = Kegiatan dibatalkan
    .unit = kegiatan
ind-participation-households_reached = Rumah tangga terjangkau
    .unit = rumah tangga
ind-participation-attendance = Kehadiran (hadir dan tidak hadir)
    .unit = kehadiran rumah tangga
ind-participation-actions_completed = Kesepakatan aksi yang selesai
    .unit = aksi

## Indicators: 2 KUBE
ind-enterprise-groups = Kelompok KUBE menurut tahap
    .unit = kelompok
ind-enterprise-members = Rumah tangga anggota KUBE
    .unit = rumah tangga
ind-enterprise-grants_awarded = Bantuan modal diberikan
    .unit = rupiah
ind-enterprise-grants_disbursed = Bantuan modal dicairkan
    .unit = rupiah
ind-enterprise-revenue = Omzet dilaporkan
    .unit = rupiah
ind-enterprise-profit = Laba dilaporkan
    .unit = rupiah
ind-enterprise-groups_reporting = Kelompok yang melapor
    .unit = kelompok
ind-enterprise-iks = IKS (Iuran Kesetiakawanan Sosial)
    .unit = rupiah
ind-enterprise-support = Pendampingan usaha perorangan
    .unit = kegiatan

## Indicators: 3 savings
ind-savings-accounts_open = Rekening tabungan aktif
    .unit = rekening
ind-savings-balance = Jumlah saldo tabungan
    .unit = rupiah
ind-savings-deposits = Setoran
    .unit = rupiah
ind-savings-withdrawals = Penarikan
    .unit = rupiah
ind-savings-households_saving = Rumah tangga menabung
    .unit = rumah tangga
ind-savings-incentives = Insentif menabung
    .unit = rupiah
ind-savings-goals = Target tabungan
    .unit = target

## Indicators: 4 partnerships
ind-partnerships-partners_active = Mitra aktif menurut jenis
    .unit = mitra
ind-partnerships-agreements_in_force = Perjanjian kerja sama yang berlaku
    .unit = perjanjian
ind-partnerships-agreements_signed = Perjanjian ditandatangani
    .unit = perjanjian
ind-partnerships-agreements_expired = Perjanjian berakhir masa berlakunya
    .unit = perjanjian
ind-partnerships-agreements_terminated = Perjanjian diakhiri lebih awal
    .unit = perjanjian
ind-partnerships-referrals_made = Rujukan dibuat menurut keperluan
    .unit = rujukan
ind-partnerships-referrals_accepted = Rujukan diterima mitra
    .unit = rujukan
ind-partnerships-referrals_declined = Rujukan ditolak mitra
    .unit = rujukan
ind-partnerships-referrals_completed = Rujukan selesai
    .unit = rujukan
ind-partnerships-credit_obtained = Kredit diperoleh melalui rujukan
    .unit = rupiah
ind-partnerships-households_reached = Keluarga terjangkau melalui mitra
    .unit = keluarga
ind-partnerships-commitment_targets = Target komitmen mitra
    .unit = rupiah atau jumlah
ind-partnerships-commitment_achieved = Capaian komitmen mitra
    .unit = rupiah atau jumlah

## Indicators: 5 advocacy
ind-advocacy-cases_opened = Kasus dilaporkan menurut hak
    .unit = kasus
ind-advocacy-cases_resolved = Kasus selesai menurut hak
    .unit = kasus
ind-advocacy-cases_escalated = Kasus dieskalasi menurut hak
    .unit = kasus
ind-advocacy-cases_closed_unresolved = Kasus ditutup tanpa penyelesaian menurut hak
    .unit = kasus
ind-advocacy-households_restored = Rumah tangga yang aksesnya dipulihkan
    .unit = rumah tangga
ind-advocacy-days_to_resolution = Lama penyelesaian kasus (hari; median dari sebaran)
    .unit = kasus
ind-advocacy-open_cases = Kasus terbuka menurut urgensi
    .unit = kasus
ind-advocacy-actions = Aksi advokasi menurut jenis
    .unit = aksi
ind-advocacy-overdue_cases = Kasus melewati target layanan menurut hak
    .unit = kasus

## Indicators: 6 and 7 capacity, spiritual values and local wisdom
ind-capacity-people = SDM pelaksana program menurut peran
    .unit = orang
ind-capacity-trained_by_role = Peserta lulus pelatihan menurut peran
    .unit = orang
ind-capacity-trained_by_method = Peserta lulus menurut metode
    .unit = orang
ind-capacity-cohort_outcomes = Hasil angkatan: lulus dan tidak lulus
    .unit = peserta
ind-capacity-certified = Sertifikat diterbitkan
    .unit = sertifikat
ind-capacity-certificates_expiring = Sertifikat berakhir masa berlaku pada bulan ini
    .unit = sertifikat
ind-capacity-activities = Kegiatan kearifan lokal menurut jenis
    .unit = kegiatan
ind-capacity-activity_values = Kegiatan menurut nilai dan norma
    .unit = kegiatan
ind-capacity-households_reached = Rumah tangga terjangkau kegiatan
    .unit = rumah tangga
ind-capacity-leaders_involved = Tokoh agama dan adat terlibat
    .unit = orang

## Values of the dimensions
value-activity-kind-PROGRAMME_INFORMATION = Sosialisasi program
value-activity-kind-AWARENESS = Penyadaran masalah
value-activity-kind-DIALOGUE = Dialog warga
value-activity-kind-DELIBERATION = Musyawarah (Musdes/Muskel)
value-activity-kind-JOINT_ACTION = Aksi bersama
value-activity-kind-JOINT_EVALUATION = Evaluasi bersama
value-activity-kind-FAMILY_DEVELOPMENT_SESSION = P2K2
value-attendance-PRESENT = Hadir
value-attendance-ABSENT = Tidak hadir
value-programme-PKH = PKH
value-programme-PIP = PIP
value-programme-SEMBAKO = Sembako
value-stage-TUMBUH = Tumbuh
value-stage-BERKEMBANG = Berkembang
value-stage-MAJU_MANDIRI = Maju/Mandiri
value-scheme-BLPS = BLPS
value-scheme-KUBE_CAPITAL = Modal KUBE
value-scheme-OTHER = Skema lain
value-iks-flow-COLLECTED = IKS terkumpul
value-iks-flow-SHARED = IKS disalurkan
value-support-SOCIAL_GUIDANCE = Bimbingan sosial
value-support-MOTIVATION = Motivasi
value-support-ENTREPRENEURSHIP_TRAINING = Pelatihan kewirausahaan
value-support-APPRENTICESHIP = Magang
value-support-MENTORING_VISIT = Kunjungan pendampingan
value-goal-SET = Target ditetapkan
value-goal-REACHED = Target tercapai
value-partner-kind-BUSINESS = Dunia usaha (TJSL)
value-partner-kind-BANK = Bank
value-partner-kind-COOPERATIVE_OR_BMT = Koperasi/BMT
value-partner-kind-MICROFINANCE_INSTITUTION = Lembaga keuangan mikro
value-partner-kind-NGO = LSM
value-partner-kind-SOCIAL_ORGANISATION = Orsos
value-partner-kind-UNIVERSITY = Perguruan tinggi
value-partner-kind-GOVERNMENT_AGENCY = Instansi pemerintah/BUMN/BUMD/BUMDes
value-partner-kind-RELIGIOUS_OR_COMMUNITY = Organisasi keagamaan/kemasyarakatan
value-partner-kind-MEDIA = Media
value-agreement-kind-MOU = Nota Kesepahaman (MoU)
value-agreement-kind-PKS = Perjanjian Kerja Sama (PKS)
value-purpose-CREDIT = Kredit
value-purpose-MARKETING = Pemasaran
value-purpose-TRANSPORT = Transportasi
value-purpose-TRAINING = Pelatihan
value-purpose-EMPLOYMENT = Pekerjaan
value-purpose-BASIC_SERVICE = Layanan dasar
value-urgency-URGENT = Mendesak
value-urgency-HIGH = Tinggi
value-urgency-NORMAL = Biasa
value-action-kind-POLICY_FORMULATION = Perumusan kebijakan
value-action-kind-HEARING = Audiensi
value-action-kind-PUBLIC_DIALOGUE = Dialog publik
value-action-kind-CAMPAIGN = Kampanye
value-action-kind-SOCIAL_ACTION = Aksi sosial
value-action-kind-FORMAL_COMPLAINT = Pengaduan resmi
value-action-kind-LEGAL_AID_REFERRAL = Rujukan bantuan hukum
value-action-kind-OMBUDSMAN_REFERRAL = Rujukan ke Ombudsman RI
value-action-kind-ACCOMPANIMENT = Pendampingan
value-role-GOVERNMENT_CENTRAL = Kementerian Sosial
value-role-GOVERNMENT_PROVINCIAL = Dinas Sosial provinsi
value-role-GOVERNMENT_REGENCY = Dinas Sosial kabupaten/kota
value-role-PENDAMPING_PKH = Pendamping PKH
value-role-PENDAMPING_KUBE = Pendamping KUBE
value-role-TKSK = TKSK
value-role-PSM = PSM
value-role-SOCIAL_WORKER = Pekerja sosial
value-role-ORGANISATION_MEMBER = Anggota LKS/organisasi
value-role-BUSINESS_REPRESENTATIVE = Wakil dunia usaha
value-role-RECIPIENT_CADRE = Kader penerima manfaat
value-role-RELIGIOUS_LEADER = Tokoh agama
value-role-CUSTOMARY_LEADER = Tokoh adat
value-method-EDUCATION = Pendidikan
value-method-TRAINING = Pelatihan/diklat
value-method-FIELD_STUDY = Studi lapangan
value-method-COMPARATIVE_STUDY = Studi banding
value-method-APPRENTICESHIP = Magang
value-method-MENTORING = Pendampingan
value-method-ASSESSMENT = Pengkajian
value-method-RESEARCH_AND_DEVELOPMENT = Penelitian dan pengembangan
value-outcome-COMPLETED = Lulus
value-outcome-NOT_COMPLETED = Tidak lulus
value-local-activity-RELIGIOUS_GUIDANCE = Bimbingan rohani
value-local-activity-GOTONG_ROYONG = Gotong royong
value-local-activity-ADAT_DELIBERATION = Musyawarah adat
value-local-activity-ARISAN = Arisan
value-local-activity-JIMPITAN = Jimpitan
value-local-activity-LUMBUNG = Lumbung
value-local-activity-OTHER_MUTUAL_AID = Tradisi gotong royong lain
