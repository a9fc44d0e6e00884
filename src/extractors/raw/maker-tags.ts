/**
 * MakerNote tag names and the decodings people read, as ExifTool documents them (ExifTool Tag
 * Names: Canon, Nikon, Sony, Olympus, FujiFilm, Panasonic, Pentax, Samsung Type2; version 12.57, the one the
 * corpus was compared with). The name tables list each maker's main MakerNote IFD (and Olympus's
 * Equipment and CameraSettings sub-IFDs) as "hex-id Name" pairs; where ExifTool picks one of
 * several model-specific names for a tag (CanonCameraInfo1D, ShotInfoD40…), the shared stem is
 * used. Unknown tags keep Tag0xNNNN (makernotes.ts).
 */

/** Makers whose notes are decoded. */
export type Maker = 'Canon' | 'Nikon' | 'Olympus' | 'FujiFilm' | 'Panasonic' | 'Sony' | 'Pentax' | 'Samsung';

// prettier-ignore
const NAME_LISTS: Record<string, string> = {
  Canon: '0001 CanonCameraSettings 0002 CanonFocalLength 0003 CanonFlashInfo 0004 CanonShotInfo 0005 CanonPanorama 0006 CanonImageType 0007 CanonFirmwareVersion 0008 FileNumber 0009 OwnerName 000a UnknownD30 000c SerialNumber 000d CanonCameraInfo 000e CanonFileLength 000f CustomFunctions 0010 CanonModelID 0011 MovieInfo 0012 CanonAFInfo 0013 ThumbnailImageValidArea 0015 SerialNumberFormat 001a SuperMacro 001c DateStampMode 001d MyColors 001e FirmwareRevision 0023 Categories 0024 FaceDetect1 0025 FaceDetect2 0026 CanonAFInfo2 0027 ContrastInfo 0028 ImageUniqueID 0029 WBInfo 002f FaceDetect3 0035 TimeInfo 0038 BatteryType 003c AFInfo3 0081 RawDataOffset 0083 OriginalDecisionDataOffset 0090 CustomFunctions1D 0091 PersonalFunctions 0092 PersonalFunctionValues 0093 CanonFileInfo 0094 AFPointsInFocus1D 0095 LensModel 0096 InternalSerialNumber 0097 DustRemovalData 0098 CropInfo 0099 CustomFunctions2 009a AspectInfo 00a0 ProcessingInfo 00a1 ToneCurveTable 00a2 SharpnessTable 00a3 SharpnessFreqTable 00a4 WhiteBalanceTable 00a9 ColorBalance 00aa MeasuredColor 00ae ColorTemperature 00b0 CanonFlags 00b1 ModifiedInfo 00b2 ToneCurveMatching 00b3 WhiteBalanceMatching 00b4 ColorSpace 00b6 PreviewImageInfo 00d0 VRDOffset 00e0 SensorInfo 4001 ColorData 4002 CRWParam 4003 ColorInfo 4005 Flavor 4008 PictureStyleUserDef 4009 PictureStylePC 4010 CustomPictureStyleFileName 4013 AFMicroAdj 4015 VignettingCorr 4016 VignettingCorr2 4018 LightingOpt 4019 LensInfo 4020 AmbienceInfo 4021 MultiExp 4024 FilterInfo 4025 HDRInfo 4026 LogInfo 4028 AFConfig 403f RawBurstModeRoll',
  Nikon: '0001 MakerNoteVersion 0002 ISO 0003 ColorMode 0004 Quality 0005 WhiteBalance 0006 Sharpness 0007 FocusMode 0008 FlashSetting 0009 FlashType 000b WhiteBalanceFineTune 000c WB_RBLevels 000d ProgramShift 000e ExposureDifference 000f ISOSelection 0010 DataDump 0011 PreviewIFD 0012 FlashExposureComp 0013 ISOSetting 0014 ColorBalanceA 0016 ImageBoundary 0017 ExternalFlashExposureComp 0018 FlashExposureBracketValue 0019 ExposureBracketValue 001a ImageProcessing 001b CropHiSpeed 001c ExposureTuning 001d SerialNumber 001e ColorSpace 001f VRInfo 0020 ImageAuthentication 0021 FaceDetect 0022 ActiveD-Lighting 0023 PictureControlData 0024 WorldTime 0025 ISOInfo 002a VignetteControl 002b DistortInfo 002c UnknownInfo 0032 UnknownInfo2 0034 ShutterMode 0035 HDRInfo 0037 MechanicalShutterCount 0039 LocationInfo 003d BlackLevel 003e ImageSizeRAW 003f WhiteBalanceFineTune 0045 CropArea 004e NikonSettings 004f ColorTemperatureAuto 0051 MakerNotes0x51 0056 MakerNotes0x56 0080 ImageAdjustment 0081 ToneComp 0082 AuxiliaryLens 0083 LensType 0084 Lens 0085 ManualFocusDistance 0086 DigitalZoom 0087 FlashMode 0088 AFInfo 0089 ShootingMode 008b LensFStops 008c ContrastCurve 008d ColorHue 008f SceneMode 0090 LightSource 0091 ShotInfo 0092 HueAdjustment 0093 NEFCompression 0094 SaturationAdj 0095 NoiseReduction 0096 NEFLinearizationTable 0097 ColorBalance 0098 LensData 0099 RawImageCenter 009a SensorPixelSize 009c SceneAssist 009d DateStampMode 009e RetouchHistory 00a0 SerialNumber 00a2 ImageDataSize 00a5 ImageCount 00a6 DeletedImageCount 00a7 ShutterCount 00a8 FlashInfo 00a9 ImageOptimization 00aa Saturation 00ab VariProgram 00ac ImageStabilization 00ad AFResponse 00b0 MultiExposure 00b1 HighISONoiseReduction 00b3 ToningEffect 00b6 PowerUpTime 00b7 AFInfo2 00b8 FileInfo 00b9 AFTune 00bb RetouchInfo 00bd PictureControlData 00bf SilentPhotography 00c3 BarometerInfo 0e00 PrintIM 0e01 NikonCaptureData 0e09 NikonCaptureVersion 0e0e NikonCaptureOffsets 0e10 NikonScanIFD 0e13 NikonCaptureEditVersions 0e1d NikonICCProfile 0e1e NikonCaptureOutput 0e22 NEFBitDepth',
  Sony: '0010 CameraInfo 0020 FocusInfo 0102 Quality 0104 FlashExposureComp 0105 Teleconverter 0112 WhiteBalanceFineTune 0114 CameraSettings 0115 WhiteBalance 0116 ExtraInfo 0e00 PrintIM 1000 MultiBurstMode 1001 MultiBurstImageWidth 1002 MultiBurstImageHeight 1003 Panorama 2001 PreviewImage 2002 Rating 2004 Contrast 2005 Saturation 2006 Sharpness 2007 Brightness 2008 LongExposureNoiseReduction 2009 HighISONoiseReduction 200a HDR 200b MultiFrameNoiseReduction 200e PictureEffect 200f SoftSkinEffect 2010 Tag2010 2011 VignettingCorrection 2012 LateralChromaticAberration 2013 DistortionCorrectionSetting 2014 WBShiftAB_GM 2016 AutoPortraitFramed 2017 FlashAction 201a ElectronicFrontCurtainShutter 201b FocusMode 201c AFAreaModeSetting 201d FlexibleSpotPosition 201e AFPointSelected 2020 AFPointsUsed 2021 AFTracking 2022 FocalPlaneAFPointsUsed 2023 MultiFrameNREffect 2026 WBShiftAB_GM_Precise 2027 FocusLocation 2028 VariableLowPassFilter 2029 RAWFileType 202a Tag202a 202b PrioritySetInAWB 202c MeteringMode2 202d ExposureStandardAdjustment 202e Quality 202f PixelShiftInfo 2031 SerialNumber 2032 Shadows 2033 Highlights 2034 Fade 2035 SharpnessRange 2036 Clarity 2037 FocusFrameSize 2039 JPEG-HEIFSwitch 3000 ShotInfo 900b Tag900b 9050 Tag9050 9400 Tag9400 9401 Tag9401 9402 Tag9402 9403 Tag9403 9404 Tag9404a 9405 Tag9405a 9406 Tag9406 9407 Sony_0x9407 9408 Sony_0x9408 9409 Sony_0x9409 940a Tag940a 940b Sony_0x940b 940c Tag940c 940d Sony_0x940d 940e AFInfo 940f Sony_0x940f 9411 Sony_0x9411 9416 Sony_0x9416 b000 FileFormat b001 SonyModelID b020 CreativeStyle b021 ColorTemperature b022 ColorCompensationFilter b023 SceneMode b024 ZoneMatching b025 DynamicRangeOptimizer b026 ImageStabilization b027 LensType b028 MinoltaMakerNote b029 ColorMode b02a LensSpec b02b FullImageSize b02c PreviewImageSize b040 Macro b041 ExposureMode b042 FocusMode b043 AFAreaMode b044 AFIlluminator b047 JPEGQuality b048 FlashLevel b049 ReleaseMode b04a SequenceNumber b04b Anti-Blur b04e FocusMode b04f DynamicRangeOptimizer b050 HighISONoiseReduction2 b052 IntelligentAuto b054 WhiteBalance',
  Olympus: '0000 MakerNoteVersion 0001 MinoltaCameraSettingsOld 0003 MinoltaCameraSettings 0040 CompressedImageSize 0081 PreviewImageData 0088 PreviewImageStart 0089 PreviewImageLength 0100 ThumbnailImage 0104 BodyFirmwareVersion 0200 SpecialMode 0201 Quality 0202 Macro 0203 BWMode 0204 DigitalZoom 0205 FocalPlaneDiagonal 0206 LensDistortionParams 0207 CameraType 0208 TextInfo 0209 CameraID 020b EpsonImageWidth 020c EpsonImageHeight 020d EpsonSoftware 0280 PreviewImage 0300 PreCaptureFrames 0301 WhiteBoard 0302 OneTouchWB 0303 WhiteBalanceBracket 0304 WhiteBalanceBias 0400 SensorArea 0401 BlackLevel 0403 SceneMode 0404 SerialNumber 0405 Firmware 0e00 PrintIM 0f00 DataDump 0f01 DataDump2 0f04 ZoomedPreviewStart 0f05 ZoomedPreviewLength 0f06 ZoomedPreviewSize 1000 ShutterSpeedValue 1001 ISOValue 1002 ApertureValue 1003 BrightnessValue 1004 FlashMode 1005 FlashDevice 1006 ExposureCompensation 1007 SensorTemperature 1008 LensTemperature 1009 LightCondition 100a FocusRange 100b FocusMode 100c ManualFocusDistance 100d ZoomStepCount 100e FocusStepCount 100f Sharpness 1010 FlashChargeLevel 1011 ColorMatrix 1012 BlackLevel 1013 ColorTemperatureBG 1014 ColorTemperatureRG 1015 WBMode 1017 RedBalance 1018 BlueBalance 1019 ColorMatrixNumber 101a SerialNumber 101b ExternalFlashAE1_0 101c ExternalFlashAE2_0 101d InternalFlashAE1_0 101e InternalFlashAE2_0 101f ExternalFlashAE1 1020 ExternalFlashAE2 1021 InternalFlashAE1 1022 InternalFlashAE2 1023 FlashExposureComp 1024 InternalFlashTable 1025 ExternalFlashGValue 1026 ExternalFlashBounce 1027 ExternalFlashZoom 1028 ExternalFlashMode 1029 Contrast 102a SharpnessFactor 102b ColorControl 102c ValidBits 102d CoringFilter 102e OlympusImageWidth 102f OlympusImageHeight 1030 SceneDetect 1031 SceneArea 1033 SceneDetectData 1034 CompressionRatio 1035 PreviewImageValid 1036 PreviewImageStart 1037 PreviewImageLength 1038 AFResult 1039 CCDScanMode 103a NoiseReduction 103b FocusStepInfinity 103c FocusStepNear 103d LightValueCenter 103e LightValuePeriphery 103f FieldCount 2010 Equipment 2020 CameraSettings 2030 RawDevelopment 2031 RawDev2 2040 ImageProcessing 2050 FocusInfo 2100 Olympus2100 2200 Olympus2200 2300 Olympus2300 2400 Olympus2400 2500 Olympus2500 2600 Olympus2600 2700 Olympus2700 2800 Olympus2800 2900 Olympus2900 3000 RawInfo 4000 MainInfo 5000 UnknownInfo',
  FujiFilm: '0000 Version 0010 InternalSerialNumber 1000 Quality 1001 Sharpness 1002 WhiteBalance 1003 Saturation 1004 Contrast 1005 ColorTemperature 1006 Contrast 100a WhiteBalanceFineTune 100b NoiseReduction 100e NoiseReduction 100f Clarity 1010 FujiFlashMode 1011 FlashExposureComp 1020 Macro 1021 FocusMode 1022 AFMode 1023 FocusPixel 102b PrioritySettings 102d FocusSettings 102e AFCSettings 1030 SlowSync 1031 PictureMode 1032 ExposureCount 1033 EXRAuto 1034 EXRMode 1040 ShadowTone 1041 HighlightTone 1044 DigitalZoom 1045 LensModulationOptimizer 1047 GrainEffectRoughness 1048 ColorChromeEffect 1049 BWAdjustment 104b BWMagentaGreen 104c GrainEffectSize 104d CropMode 104e ColorChromeFXBlue 1050 ShutterType 1100 AutoBracketing 1101 SequenceNumber 1103 DriveSettings 1105 PixelShiftShots 1106 PixelShiftOffset 1153 PanoramaAngle 1154 PanoramaDirection 1201 AdvancedFilter 1210 ColorMode 1300 BlurWarning 1301 FocusWarning 1302 ExposureWarning 1304 GEImageSize 1400 DynamicRange 1401 FilmMode 1402 DynamicRangeSetting 1403 DevelopmentDynamicRange 1404 MinFocalLength 1405 MaxFocalLength 1406 MaxApertureAtMinFocal 1407 MaxApertureAtMaxFocal 140b AutoDynamicRange 1422 ImageStabilization 1425 SceneRecognition 1431 Rating 1436 ImageGeneration 1438 ImageCount 1443 DRangePriority 1444 DRangePriorityAuto 1445 DRangePriorityFixed 1446 FlickerReduction 1447 FujiModel 1448 FujiModel2 144d RollAngle 3803 VideoRecordingMode 3804 PeripheralLighting 3806 VideoCompression 3820 FrameRate 3821 FrameWidth 3822 FrameHeight 3824 FullHDHighSpeedRec 4005 FaceElementSelected 4100 FacesDetected 4103 FacePositions 4200 NumFaceElements 4201 FaceElementTypes 4203 FaceElementPositions 4282 FaceRecInfo 8000 FileSource 8002 OrderNumber 8003 FrameNumber b211 Parallax',
  Panasonic: '0001 ImageQuality 0002 FirmwareVersion 0003 WhiteBalance 0007 FocusMode 000f AFAreaMode 001a ImageStabilization 001c MacroMode 001f ShootingMode 0020 Audio 0021 DataDump 0023 WhiteBalanceBias 0024 FlashBias 0025 InternalSerialNumber 0026 PanasonicExifVersion 0027 VideoFrameRate 0028 ColorEffect 0029 TimeSincePowerOn 002a BurstMode 002b SequenceNumber 002c ContrastMode 002d NoiseReduction 002e SelfTimer 0030 Rotation 0031 AFAssistLamp 0032 ColorMode 0033 BabyAge 0034 OpticalZoomMode 0035 ConversionLens 0036 TravelDay 0038 BatteryLevel 0039 Contrast 003a WorldTimeLocation 003b TextStamp 003c ProgramISO 003d AdvancedSceneType 003e TextStamp 003f FacesDetected 0040 Saturation 0041 Sharpness 0042 FilmMode 0043 JPEGQuality 0044 ColorTempKelvin 0045 BracketSettings 0046 WBShiftAB 0047 WBShiftGM 0048 FlashCurtain 0049 LongExposureNoiseReduction 004b PanasonicImageWidth 004c PanasonicImageHeight 004d AFPointPosition 004e FaceDetInfo 0051 LensType 0052 LensSerialNumber 0053 AccessoryType 0054 AccessorySerialNumber 0059 Transform 005d IntelligentExposure 0060 LensFirmwareVersion 0061 FaceRecInfo 0062 FlashWarning 0063 RecognizedFaceFlags 0065 Title 0066 BabyName 0067 Location 0069 Country 006b State 006d City 006f Landmark 0070 IntelligentResolution 0076 HDRShot 0077 BurstSpeed 0079 IntelligentD-Range 007c ClearRetouch 0080 City2 0086 ManometerPressure 0089 PhotoStyle 008a ShadingCompensation 008b WBShiftIntelligentAuto 008c AccelerometerZ 008d AccelerometerX 008e AccelerometerY 008f CameraOrientation 0090 RollAngle 0091 PitchAngle 0092 WBShiftCreativeControl 0093 SweepPanoramaDirection 0094 SweepPanoramaFieldOfView 0096 TimerRecording 009d InternalNDFilter 009e HDR 009f ShutterType 00a1 FilterEffect 00a3 ClearRetouchValue 00a7 OutputLUT 00ab TouchAE 00ac MonochromeFilterEffect 00ad HighlightShadow 00af TimeStamp 00b3 VideoBurstResolution 00b4 MultiExposure 00b9 RedEyeRemoval 00bb VideoBurstMode 00bc DiffractionCorrection 00bd FocusBracket 00be LongExposureNRUsed 00bf PostFocusMerging 00c1 VideoPreburst 00c4 LensTypeMake 00c5 LensTypeModel 00ca SensorType 00d1 ISO 00d2 MonochromeGrainEffect 00d6 NoiseReductionStrength 00e4 LensTypeModel 00e8 MinimumISO 00ee DynamicRangeBoost 0e00 PrintIM 2003 TimeInfo 8000 MakerNoteVersion 8001 SceneMode 8002 HighlightWarning 8003 DarkFocusEnvironment 8004 WBRedLevel 8005 WBGreenLevel 8006 WBBlueLevel 8008 TextStamp 8009 TextStamp 8010 BabyAge 8012 Transform',
  Pentax: '0000 PentaxVersion 0001 PentaxModelType 0002 PreviewImageSize 0003 PreviewImageLength 0004 PreviewImageStart 0005 PentaxModelID 0006 Date 0007 Time 0008 Quality 0009 PentaxImageSize 000b PictureMode 000c FlashMode 000d FocusMode 000e AFPointSelected 000f AFPointsInFocus 0010 FocusPosition 0012 ExposureTime 0013 FNumber 0014 ISO 0015 LightReading 0016 ExposureCompensation 0017 MeteringMode 0018 AutoBracketing 0019 WhiteBalance 001a WhiteBalanceMode 001b BlueBalance 001c RedBalance 001d FocalLength 001e DigitalZoom 001f Saturation 0020 Contrast 0021 Sharpness 0022 WorldTimeLocation 0023 HometownCity 0024 DestinationCity 0025 HometownDST 0026 DestinationDST 0027 DSPFirmwareVersion 0028 CPUFirmwareVersion 0029 FrameNumber 002d EffectiveLV 0032 ImageEditing 0033 PictureMode 0034 DriveMode 0035 SensorSize 0037 ColorSpace 0038 ImageAreaOffset 0039 RawImageSize 003c AFPointsInFocus 003d DataScaling 003e PreviewImageBorders 003f LensRec 0040 SensitivityAdjust 0041 ImageEditCount 0047 CameraTemperature 0048 AELock 0049 NoiseReduction 004d FlashExposureComp 004f ImageTone 0050 ColorTemperature 0053 ColorTempDaylight 0054 ColorTempShade 0055 ColorTempCloudy 0056 ColorTempTungsten 0057 ColorTempFluorescentD 0058 ColorTempFluorescentN 0059 ColorTempFluorescentW 005a ColorTempFlash 005c ShakeReductionInfo 005d ShutterCount 0060 FaceInfo 0062 RawDevelopmentProcess 0067 Hue 0068 AWBInfo 0069 DynamicRangeExpansion 006b TimeInfo 006c HighLowKeyAdj 006d ContrastHighlight 006e ContrastShadow 006f ContrastHighlightShadowAdj 0070 FineSharpness 0071 HighISONoiseReduction 0072 AFAdjustment 0073 MonochromeFilterEffect 0074 MonochromeToning 0076 FaceDetect 0077 FaceDetectFrameSize 0079 ShadowCorrection 007a ISOAutoParameters 007b CrossProcess 007d LensCorr 007e WhiteLevel 007f BleachBypassToning 0080 AspectRatio 0082 BlurControl 0085 HDR 0087 ShutterType 0088 NeutralDensityFilter 008b ISO 0092 IntervalShooting 0095 SkinToneCorrection 0096 ClarityControl 0200 BlackPoint 0201 WhitePoint 0203 ColorMatrixA 0204 ColorMatrixB 0205 CameraSettings 0206 AEInfo 0207 LensInfo 0208 FlashInfo 0209 AEMeteringSegments 020a FlashMeteringSegments 020b SlaveFlashMeteringSegments 020d WB_RGGBLevelsDaylight 020e WB_RGGBLevelsShade 020f WB_RGGBLevelsCloudy 0210 WB_RGGBLevelsTungsten 0211 WB_RGGBLevelsFluorescentD 0212 WB_RGGBLevelsFluorescentN 0213 WB_RGGBLevelsFluorescentW 0214 WB_RGGBLevelsFlash 0215 CameraInfo 0216 BatteryInfo 021b SaturationInfo 021c ColorMatrixA2 021d ColorMatrixB2 021f AFInfo 0220 HuffmanTable 0221 KelvinWB 0222 ColorInfo 0224 EVStepInfo 0226 ShotInfo 0227 FacePos 0228 FaceSize 0229 SerialNumber 022a FilterInfo 022b LevelInfo 022d WBLevels 022e Artist 022f Copyright 0230 FirmwareVersion 0231 ContrastDetectAFArea 0235 CrossProcessParams 0239 LensInfoQ 023f Model 0243 PixelShiftInfo 0245 AFPointInfo 03fe DataDump 03ff TempInfo 0402 ToneCurve 0403 ToneCurves 0405 UnknownBlock 0e00 PrintIM',
  OlympusEquipment: '0000 EquipmentVersion 0100 CameraType2 0101 SerialNumber 0102 InternalSerialNumber 0103 FocalPlaneDiagonal 0104 BodyFirmwareVersion 0201 LensType 0202 LensSerialNumber 0203 LensModel 0204 LensFirmwareVersion 0205 MaxApertureAtMinFocal 0206 MaxApertureAtMaxFocal 0207 MinFocalLength 0208 MaxFocalLength 020a MaxAperture 020b LensProperties 0301 Extender 0302 ExtenderSerialNumber 0303 ExtenderModel 0304 ExtenderFirmwareVersion 0403 ConversionLens 1000 FlashType 1001 FlashModel 1002 FlashFirmwareVersion 1003 FlashSerialNumber',
  OlympusCameraSettings: '0000 CameraSettingsVersion 0100 PreviewImageValid 0101 PreviewImageStart 0102 PreviewImageLength 0200 ExposureMode 0201 AELock 0202 MeteringMode 0203 ExposureShift 0204 NDFilter 0300 MacroMode 0301 FocusMode 0302 FocusProcess 0303 AFSearch 0304 AFAreas 0305 AFPointSelected 0306 AFFineTune 0307 AFFineTuneAdj 0308 FocusBracketStepSize 0309 AISubjectTrackingMode 0400 FlashMode 0401 FlashExposureComp 0403 FlashRemoteControl 0404 FlashControlMode 0405 FlashIntensity 0406 ManualFlashStrength 0500 WhiteBalance2 0501 WhiteBalanceTemperature 0502 WhiteBalanceBracket 0503 CustomSaturation 0504 ModifiedSaturation 0505 ContrastSetting 0506 SharpnessSetting 0507 ColorSpace 0509 SceneMode 050a NoiseReduction 050b DistortionCorrection 050c ShadingCompensation 050d CompressionFactor 050f Gradation 0520 PictureMode 0521 PictureModeSaturation 0522 PictureModeHue 0523 PictureModeContrast 0524 PictureModeSharpness 0525 PictureModeBWFilter 0526 PictureModeTone 0527 NoiseFilter 0529 ArtFilter 052c MagicFilter 052d PictureModeEffect 052e ToneLevel 052f ArtFilterEffect 0532 ColorCreatorEffect 0537 MonochromeProfileSettings 0538 FilmGrainEffect 0539 ColorProfileSettings 053a MonochromeVignetting 053b MonochromeColor 0600 DriveMode 0601 PanoramaMode 0603 ImageQuality2 0604 ImageStabilization 0804 StackedImage 0900 ManometerPressure 0901 ManometerReading 0902 ExtendedWBDetect 0903 RollAngle 0904 PitchAngle 0908 DateTimeUTC',
  Samsung: '0001 MakerNoteVersion 0002 DeviceType 0003 SamsungModelID 0011 OrientationInfo 0020 SmartAlbumColor 0021 PictureWizard 0030 LocalLocationName 0031 LocationName 0035 PreviewIFD 0040 RawDataByteOrder 0041 WhiteBalanceSetup 0043 CameraTemperature 0050 RawDataCFAPattern 0100 FaceDetect 0120 FaceRecognition 0123 FaceName a001 FirmwareName a002 SerialNumber a003 LensType a004 LensFirmware a005 InternalLensSerialNumber a010 SensorAreas a011 ColorSpace a012 SmartRange a013 ExposureCompensation a014 ISO a018 ExposureTime a019 FNumber a01a FocalLengthIn35mmFormat a020 EncryptionKey a021 WB_RGGBLevelsUncorrected a022 WB_RGGBLevelsAuto a023 WB_RGGBLevelsIlluminator1 a024 WB_RGGBLevelsIlluminator2 a025 HighlightLinearityLimit a028 WB_RGGBLevelsBlack a030 ColorMatrix a031 ColorMatrixSRGB a032 ColorMatrixAdobeRGB a033 CbCrMatrixDefault a034 CbCrMatrix a035 CbCrGainDefault a036 CbCrGain a040 ToneCurveSRGBDefault a041 ToneCurveAdobeRGBDefault a042 ToneCurveSRGB a043 ToneCurveAdobeRGB a048 RawData a050 Distortion a051 ChromaticAberration a052 Vignetting a053 VignettingCorrection a054 VignettingSetting a055 Samsung_Type2_0xa055 a056 Samsung_Type2_0xa056 a057 Samsung_Type2_0xa057',
};

function parse(list: string): Record<number, string> {
  const out: Record<number, string> = {};
  const parts = list.split(' ');
  for (let i = 0; i + 1 < parts.length; i += 2) out[parseInt(parts[i], 16)] = parts[i + 1];
  return out;
}

/** Tag id → ExifTool name, per maker main IFD. */
export const TAG_NAMES: Record<Maker, Record<number, string>> = {
  Canon: parse(NAME_LISTS.Canon),
  Nikon: parse(NAME_LISTS.Nikon),
  Olympus: parse(NAME_LISTS.Olympus),
  FujiFilm: parse(NAME_LISTS.FujiFilm),
  Panasonic: parse(NAME_LISTS.Panasonic),
  Sony: parse(NAME_LISTS.Sony),
  Pentax: parse(NAME_LISTS.Pentax),
  Samsung: parse(NAME_LISTS.Samsung),
};
/** Olympus Equipment (0x2010) and CameraSettings (0x2020) sub-IFD names. */
export const OLYMPUS_EQUIPMENT = parse(NAME_LISTS.OlympusEquipment);
export const OLYMPUS_CAMERA_SETTINGS = parse(NAME_LISTS.OlympusCameraSettings);

/** A readable label from an ExifTool tag name: "LensSerialNumber" → "Lens serial number". */
export function labelOf(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ');
  return words.map((w, i) => (i > 0 && /^[A-Z][a-z]+\d*$/.test(w) ? w.toLowerCase() : w)).join(' ');
}

/** A decoded value: what ExifTool prints, the number it was read from. */
export interface Printed {
  value: string | number;
  raw?: number | number[] | string;
}

/** Canon LensType numbers (ExifTool Tag Names: Canon, "Canon LensType Values"); a selection, others print "Unknown (N)". */
// prettier-ignore
const CANON_LENS_TYPES: Record<number, string> = {
  1: 'Canon EF 50mm f/1.8', 10: 'Canon EF 50mm f/2.5 Macro or Sigma Lens', 45: 'Canon EF-S 18-55mm f/3.5-5.6 [II]', 48: 'Canon EF-S 18-55mm f/3.5-5.6 IS',
  124: 'Canon MP-E 65mm f/2.8 1-5x Macro Photo', 131: 'Sigma 8mm f/3.5 EX DG Circular Fisheye or Sigma Lens', 137: 'Canon EF 85mm f/1.2L II USM or Sigma or Tamron Lens',
  4142: 'Canon EF-S 18-135mm f/3.5-5.6 IS STM', 4143: 'Canon EF-M 18-55mm f/3.5-5.6 IS STM or Tamron Lens', 4145: 'Canon EF-M 22mm f/2 STM',
  4146: 'Canon EF-S 18-55mm f/3.5-5.6 IS STM', 4153: 'Canon EF-M 15-45mm f/3.5-6.3 IS STM', 4156: 'Canon EF 50mm f/1.8 STM',
  61182: 'Canon RF 35mm F1.8 MACRO IS STM or other Canon RF Lens', 65535: 'n/a',
};
/** Canon CanonModelID values (ExifTool Tag Names: Canon, CanonModelID); a selection. */
// prettier-ignore
const CANON_MODEL_IDS: Record<number, string> = {
  0x80000189: 'EOS Digital Rebel XT / 350D / Kiss Digital N', 0x80000218: 'EOS 5D Mark II', 0x80000250: 'EOS 7D', 0x80000285: 'EOS 5D Mark III',
  0x80000349: 'EOS 5D Mark IV', 0x80000421: 'EOS R5', 0x80000424: 'EOS R', 0x412: 'EOS M50 / Kiss M',
};

const CANON_QUALITY: Record<number, string> = { [-1]: 'n/a', 1: 'Economy', 2: 'Normal', 3: 'Fine', 4: 'RAW', 5: 'Superfine', 7: 'CRAW', 130: 'Light (RAW)', 131: 'Standard (RAW)' };
// ExifTool's Exif printParameter: 0 Normal, positive values with a sign.
const parameter = (v: number): string | number => (v === 0 ? 'Normal' : v > 0 ? `+${v}` : v);
/** Canon's APEX-like aperture code (ExifTool Tag Names: Canon, MaxAperture/MinAperture: 2^(CanonEv/2)). */
function canonEv(v: number): number {
  const sign = v < 0 ? -1 : 1;
  let n = Math.abs(v);
  let frac = n & 0x1f;
  n -= frac;
  if (frac === 0x0c) frac = 0x20 / 3;
  else if (frac === 0x14) frac = 0x40 / 3;
  return (sign * (n + frac)) / 0x20;
}
const g2 = (x: number) => Number(x.toPrecision(2));

/** One entry of a Canon binary array: name, and how its value prints (undefined: left out, as ExifTool's RawConv does). */
interface ArrayTag {
  name: string;
  unsigned?: boolean;
  print?: Record<number, string> | ((v: number, all: Record<number, number>) => string | number | undefined);
  skip?: (v: number) => boolean;
}
const notMinus1 = (v: number) => v === -1;
const not7fff = (v: number) => v === 0x7fff;
/** Canon CameraSettings (tag 0x0001): int16s[], index from 1 (ExifTool Tag Names: Canon CameraSettings Tags). */
// prettier-ignore
export const CANON_CAMERA_SETTINGS: Record<number, ArrayTag> = {
  1: { name: 'MacroMode', print: { 1: 'Macro', 2: 'Normal' } },
  2: { name: 'SelfTimer', print: (v) => (v ? `${(v & 0xfff) / 10} s${v & 0x4000 ? ', Custom' : ''}` : 'Off') },
  3: { name: 'Quality', print: CANON_QUALITY },
  4: { name: 'CanonFlashMode', print: { [-1]: 'n/a', 0: 'Off', 1: 'Auto', 2: 'On', 3: 'Red-eye reduction', 4: 'Slow-sync', 5: 'Red-eye reduction (Auto)', 6: 'Red-eye reduction (On)', 16: 'External flash' } },
  5: { name: 'ContinuousDrive', print: { 0: 'Single', 1: 'Continuous', 2: 'Movie', 3: 'Continuous, Speed Priority', 4: 'Continuous, Low', 5: 'Continuous, High', 6: 'Silent Single', 8: 'Continuous, High+', 9: 'Single, Silent', 10: 'Continuous, Silent' } },
  7: { name: 'FocusMode', print: { 0: 'One-shot AF', 1: 'AI Servo AF', 2: 'AI Focus AF', 3: 'Manual Focus (3)', 4: 'Single', 5: 'Continuous', 6: 'Manual Focus (6)', 16: 'Pan Focus', 256: 'AF + MF', 512: 'Movie Snap Focus', 519: 'Movie Servo AF' } },
  9: { name: 'RecordMode', skip: notMinus1, print: { 1: 'JPEG', 2: 'CRW+THM', 3: 'AVI+THM', 4: 'TIF', 5: 'TIF+JPEG', 6: 'CR2', 7: 'CR2+JPEG', 9: 'MOV', 10: 'MP4', 11: 'CRM', 12: 'CR3', 13: 'CR3+JPEG', 14: 'HIF', 15: 'CR3+HIF' } },
  10: { name: 'CanonImageSize', print: { [-1]: 'n/a', 0: 'Large', 1: 'Medium', 2: 'Small' } },
  11: { name: 'EasyMode', print: { 0: 'Full auto', 1: 'Manual', 2: 'Landscape', 3: 'Fast shutter', 4: 'Slow shutter', 5: 'Night', 6: 'Gray Scale', 7: 'Sepia', 8: 'Portrait', 9: 'Sports', 10: 'Macro' } },
  12: { name: 'DigitalZoom', print: { 0: 'None', 1: '2x', 2: '4x', 3: 'Other' } },
  13: { name: 'Contrast', skip: not7fff, print: parameter },
  14: { name: 'Saturation', skip: not7fff, print: parameter },
  15: { name: 'Sharpness', skip: not7fff, print: (v) => (v > 0 ? `+${v}` : v) },
  16: { name: 'CameraISO', skip: not7fff, print: (v) => (v & 0x4000 ? v & 0x3fff : ({ 0: 'n/a', 14: 'Auto High', 15: 'Auto', 16: 50, 17: 100, 18: 200, 19: 400, 20: 800 } as Record<number, string | number>)[v] ?? `Unknown (${v})`) },
  17: { name: 'MeteringMode', print: { 0: 'Default', 1: 'Spot', 2: 'Average', 3: 'Evaluative', 4: 'Partial', 5: 'Center-weighted average' } },
  18: { name: 'FocusRange', print: { 0: 'Manual', 1: 'Auto', 2: 'Not Known', 3: 'Macro', 4: 'Very Close', 5: 'Close', 6: 'Middle Range', 7: 'Far Range', 8: 'Pan Focus', 9: 'Super Macro', 10: 'Infinity' } },
  19: { name: 'AFPoint', skip: (v) => v === 0 },
  20: { name: 'CanonExposureMode', print: { 0: 'Easy', 1: 'Program AE', 2: 'Shutter speed priority AE', 3: 'Aperture-priority AE', 4: 'Manual', 5: 'Depth-of-field AE', 6: 'M-Dep', 7: 'Bulb', 8: 'Flexible-priority AE' } },
  22: { name: 'LensType', unsigned: true, skip: (v) => v === 0, print: (v) => CANON_LENS_TYPES[v] ?? `Unknown (${v})` },
  23: { name: 'MaxFocalLength', unsigned: true, print: (v, a) => `${v / (a[25] || 1)} mm` },
  24: { name: 'MinFocalLength', unsigned: true, print: (v, a) => `${v / (a[25] || 1)} mm` },
  25: { name: 'FocalUnits', print: (v) => `${v}/mm` },
  26: { name: 'MaxAperture', skip: (v) => v <= 0, print: (v) => g2(Math.exp((canonEv(v) * Math.log(2)) / 2)) },
  27: { name: 'MinAperture', skip: (v) => v <= 0, print: (v) => g2(Math.exp((canonEv(v) * Math.log(2)) / 2)) },
  28: { name: 'FlashActivity' },
  29: { name: 'FlashBits' },
  32: { name: 'FocusContinuous', skip: notMinus1, print: { 0: 'Single', 1: 'Continuous', 8: 'Manual' } },
  33: { name: 'AESetting', skip: notMinus1, print: { 0: 'Normal AE', 1: 'Exposure Compensation', 2: 'AE Lock', 3: 'AE Lock + Exposure Comp.', 4: 'No AE' } },
  34: { name: 'ImageStabilization', skip: notMinus1, print: { 0: 'Off', 1: 'On', 2: 'Shoot Only', 3: 'Panning', 4: 'Dynamic', 256: 'Off (2)', 257: 'On (2)', 258: 'Shoot Only (2)', 259: 'Panning (2)', 260: 'Dynamic (2)' } },
  35: { name: 'DisplayAperture', skip: (v) => v === 0, print: (v) => v / 10 },
  36: { name: 'ZoomSourceWidth' },
  37: { name: 'ZoomTargetWidth' },
  39: { name: 'SpotMeteringMode', skip: notMinus1, print: { 0: 'Center', 1: 'AF Point' } },
  40: { name: 'PhotoEffect', skip: notMinus1, print: { 0: 'Off', 1: 'Vivid', 2: 'Neutral', 3: 'Smooth', 4: 'Sepia', 5: 'B&W', 6: 'Custom', 100: 'My Color Data' } },
  41: { name: 'ManualFlashOutput', print: { 0: 'n/a', 0x500: 'Full', 0x502: 'Medium', 0x504: 'Low', 0x7fff: 'n/a' } },
  42: { name: 'ColorTone', skip: not7fff, print: parameter },
  46: { name: 'SRAWQuality', skip: notMinus1, print: { 0: 'n/a', 1: 'sRAW1 (mRAW)', 2: 'sRAW2 (sRAW)' } },
};

/** A Canon binary array split into its named fields: [name, printed] for each present index. */
export function splitCanonArray(values: number[], defs: Record<number, ArrayTag>): { name: string; index: number; printed: Printed }[] {
  const signed = values.map((v) => (v > 0x7fff ? v - 0x10000 : v));
  const all: Record<number, number> = {};
  values.forEach((v, i) => (all[i] = v));
  const out: { name: string; index: number; printed: Printed }[] = [];
  for (const [k, def] of Object.entries(defs)) {
    const i = Number(k);
    if (i >= values.length) continue;
    const v = def.unsigned ? values[i] : signed[i];
    if (def.skip?.(v)) continue;
    const p = typeof def.print === 'function' ? def.print(v, all) : def.print ? (def.print[v] ?? v) : undefined;
    out.push({ name: def.name, index: i, printed: p === undefined || p === v ? { value: v } : { value: p, raw: v } });
  }
  return out;
}

/** Nikon LensType bits (ExifTool Tag Names: Nikon, LensType): "MF", "D", "G", "VR"…, "AF" for 0. */
function nikonLensType(v: number): string {
  if (!v) return 'AF';
  const bits = ['MF', 'D', 'G', 'VR', '1', 'FT-1', 'E', 'AF-P'];
  let s = bits.filter((_, i) => v & (1 << i)).join(' ');
  s = s.replace(/\bD G\b/, 'G');
  if (/ E\b/.test(s)) s = 'E ' + s.replace(/ E\b/, '').replace(/^G ?/, '');
  if (/ 1\b/.test(s)) s = '1 ' + s.replace(/ 1\b/, '');
  if (/FT-1 /.test(s)) s = s.replace(/FT-1 /, '') + ' FT-1';
  return s.trim();
}

/** ExifTool's Nikon Lens print form from rational[4]: "18-70mm f/3.5-4.5". */
export function lensSpec(v: number[]): string | undefined {
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return undefined;
  const r = (x: number) => String(Math.round(x * 10) / 10);
  const range = (a: number, b: number) => (a === b ? r(a) : `${r(a)}-${r(b)}`);
  return `${range(v[0], v[1])}mm f/${range(v[2], v[3])}`;
}

/**
 * Print conversions of main-IFD tags (ExifTool Tag Names of each maker), from the entry's numbers
 * or text; undefined when the value is shown as read.
 */
export function printMain(maker: Maker, tag: number, nums: number[], model: string): Printed | undefined {
  const v = nums[0];
  if (v === undefined) return undefined;
  if (maker === 'Canon') {
    if (tag === 0x0008) return { value: String(v).replace(/(\d+)(\d{4})/, '$1-$2'), raw: v };
    if (tag === 0x000c) {
      if (/EOS D30\b/.test(model)) return { value: `${(v >>> 16).toString(16).padStart(4, '0')}${String(v & 0xffff).padStart(5, '0')}`, raw: v };
      return { value: String(v).padStart(/EOS-1D/.test(model) ? 6 : 10, '0'), raw: v };
    }
    if (tag === 0x0010) return { value: CANON_MODEL_IDS[v] ?? `Unknown (${v})`, raw: v };
  }
  if (maker === 'Pentax') {
    // Date (4 bytes: year big-endian, month, day) and Time (h, m, s) (ExifTool Tag Names: Pentax).
    const d2 = (x: number) => String(x).padStart(2, '0');
    if (tag === 0x0006 && nums.length === 4) return { value: `${String((nums[0] << 8) | nums[1]).padStart(4, '0')}:${d2(nums[2])}:${d2(nums[3])}`, raw: nums };
    if (tag === 0x0007 && nums.length >= 3) return { value: `${d2(nums[0])}:${d2(nums[1])}:${d2(nums[2])}`, raw: nums };
  }
  if (maker === 'Nikon') {
    if ((tag === 0x0002 || tag === 0x0013) && nums.length === 2) return { value: nums[0] === 1 ? `Hi ${nums[1]}` : nums[0] === 0 ? nums[1] : nums.join(' '), raw: nums };
    if (tag === 0x0083) return { value: nikonLensType(v), raw: v };
    if (tag === 0x0084) {
      const s = lensSpec(nums);
      return s ? { value: s, raw: nums } : undefined;
    }
  }
  return undefined;
}

/**
 * Sony's substitution cipher of tags 0x9050, 0x2010 and 0x94xx (ExifTool Tag Names: Sony, notes
 * of Tag9050: each byte b below 249 is stored as b³ mod 249; bytes 249–255 are left as they are).
 * The inverse table, built from that formula.
 */
const SONY_DECIPHER: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = b;
  for (let b = 0; b < 249; b++) t[(b * b * b) % 249] = b;
  return t;
})();
export function sonyDecipher(b: Uint8Array): Uint8Array {
  return b.map((x) => SONY_DECIPHER[x]);
}
/** Models whose 0x9050 data is ExifTool's Tag9050a layout (ExifTool Tag Names: Sony, Tag9050a condition). */
export function sonyTag9050a(model: string): boolean {
  return !/^(DSC-|Stellar|ILCE-(1|6100|6300|6400|6500|6600|6700|7C|7M3|7M4|7M5|7RM2|7RM3A?|7RM4A?|7RM5|7SM2|7SM3|9|9M2)|ILCA-99M2|ILME-(FX2|FX3)|ZV-)/.test(model);
}

/**
 * Pentax ShutterCount (tag 0x005d, 4 bytes big-endian), enciphered with the Date (0x0006, 4 bytes)
 * and Time (0x0007, 3 bytes) tags (ExifTool Tag Names: Pentax, ShutterCount; "changing either
 * Date or Time will affect ShutterCount decryption"): count = value XOR date XOR (0xFFFFFFFF −
 * time), date and time read as big-endian 32-bit numbers, time padded with a zero byte.
 */
export function pentaxShutterCount(value: Uint8Array, date: Uint8Array, time: Uint8Array): number | undefined {
  if (value.length !== 4 || date.length !== 4 || time.length < 3) return undefined;
  const be = (b: Uint8Array) => ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | (b[3] ?? 0)) >>> 0;
  return (be(value) ^ be(date) ^ (0xffffffff - be(time.subarray(0, 4)))) >>> 0;
}
