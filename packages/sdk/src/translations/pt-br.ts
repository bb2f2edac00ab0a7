import type { Translation } from './translation.js';

/** Brazilian Portuguese. */
export const ptBR: Translation = {
  $code: 'pt-BR',
  $name: 'Português (Brasil)',
  $dir: 'ltr',
  regionLabel: 'Verificação por selfie',
  consentTitle: 'Confirme que é você',
  consentText:
    'Vamos tirar uma selfie e compará-la com a foto da sua verificação anterior. A câmera desliga logo em seguida. A selfie é usada somente nesta verificação.',
  startCamera: 'Ligar câmera',
  starting: 'Ligando a câmera…',
  cameraLabel: 'Câmera',
  cameraName: (index) => `Câmera ${index}`,
  takePhoto: 'Tirar foto',
  retake: 'Tirar outra',
  retry: 'Tentar novamente',
  captured: 'Foto tirada',
  inAppBrowser:
    'A câmera pode não funcionar dentro deste app. Se falhar, abra esta página no seu navegador (Safari ou Chrome).',
  paused: 'A câmera pausou enquanto esta página estava em segundo plano.',
  resume: 'Continuar',
  countdown: (seconds) => `Fique parado, ${seconds}`,
  guidance: {
    multiple_faces: 'Apenas uma pessoa no enquadramento, por favor',
    no_face: 'Posicione o rosto dentro do oval',
    move_closer: 'Aproxime-se um pouco',
    move_back: 'Afaste-se um pouco',
    center_face: 'Centralize o rosto no oval',
    look_straight: 'Olhe diretamente para a câmera',
    straighten_head: 'Mantenha a cabeça reta',
    too_dark: 'Está escuro demais, procure mais luz',
    too_bright: 'Há luz demais no seu rosto',
    backlit: 'A luz está atrás de você, fique de frente para a luz',
    blurry: 'Segure a câmera firme',
    hold_still: 'Fique parado…',
    ready: 'Ótimo, tirando a foto',
  },
  errors: {
    generic: 'Algo deu errado. Tente novamente.',
    camera_denied:
      'O acesso à câmera está bloqueado. Permita a câmera nas configurações do navegador e tente novamente.',
    camera_not_found: 'Nenhuma câmera foi encontrada. Conecte uma câmera e tente novamente.',
    camera_busy: 'Outro aplicativo está usando a câmera. Feche-o e tente novamente.',
    insecure_context: 'A câmera só funciona em uma página segura (https).',
    unsupported_browser:
      'Este navegador não consegue tirar a selfie. Use Chrome, Safari, Firefox ou Edge atualizados.',
    model_load_failed:
      'Não foi possível carregar a detecção de rosto. Verifique sua conexão e tente novamente.',
    capture_timeout: 'Não conseguimos tirar a selfie a tempo.',
    network_error: 'Não conseguimos falar com o servidor. Tente novamente em instantes.',
    reverification_expired: 'Esta verificação expirou. Comece novamente.',
    enrollment_not_found:
      'Não encontramos sua verificação anterior, então esta verificação não pode continuar. Fale com a equipe de suporte do site para se verificar de novo.',
    handoff_link_used: 'Este link já foi usado. Peça um novo no seu computador.',
    offline: 'Você está sem conexão. Conecte-se à internet e tente novamente.',
    origin_not_allowed:
      'Esta página ainda não está configurada para a verificação por selfie. Avise a equipe de suporte do site.',
    enrollment_not_ready:
      'Sua verificação anterior ainda não foi concluída. Tente mais tarde ou fale com a equipe de suporte do site.',
    too_many_attempts: 'Muitas tentativas por enquanto. Aguarde um pouco e comece de novo.',
    cancelled: 'A verificação foi cancelada.',
  },
  result: {
    approvedTitle: 'Verificação concluída',
    approvedText: 'Obrigado. Você pode continuar.',
    rejectedTitle: 'Não conseguimos confirmar que é você',
    rejected: {
      no_match: 'A selfie não corresponde à foto da sua verificação anterior.',
      unclear: 'A foto não estava nítida o bastante para comparar.',
      multiple_faces: 'Havia mais de um rosto na foto.',
      liveness: 'Não conseguimos confirmar que havia uma pessoa real diante da câmera.',
      reviewer: 'Um revisor não conseguiu confirmar que é você.',
    },
    rejectedRetry:
      'Você pode tentar de novo: apenas você na imagem, com boa luz, seguindo as instruções.',
    rejectedContact: 'Se achar que é um engano, fale com a equipe de suporte do site.',
    reviewTitle: 'Estamos analisando sua foto',
    reviewText: 'Uma pessoa vai analisá-la e avisaremos você. Não é preciso fazer nada agora.',
  },
  manual: {
    needsOneFace: 'A foto pode ser tirada quando houver um só rosto no oval.',
    mayFail: 'A foto pode ser difícil de verificar:',
    takeAnyway: 'Tirar mesmo assim',
  },
  progress: {
    uploading: 'Enviando sua foto…',
    processing: 'Verificando se é você…',
    done: 'Pronto',
  },
  handoff: {
    title: 'Continue no seu celular',
    instructions:
      'Escaneie o código com a câmera do celular ou abra o link no celular. Mantenha esta página aberta.',
    qrLabel: 'QR code do link para o seu celular',
    copyLink: 'Copiar link',
    copied: 'Link copiado',
    newLink: 'Novo link',
    waiting: 'Aguardando o seu celular…',
    phoneActive: 'Seu celular está tirando a selfie…',
    processing: 'Verificando se é você…',
    done: 'Pronto — você pode continuar aqui.',
    phoneDone: 'Tudo certo. Você pode voltar ao computador.',
    linkMissing: 'Este link está incompleto. Peça um novo no seu computador.',
  },
  challenge: {
    intro: 'Só mais um passo: vire a cabeça rapidamente para mostrar que é você.',
    turn_left: 'Vire a cabeça devagar para a sua esquerda',
    turn_right: 'Vire a cabeça devagar para a sua direita',
    turn_more: 'Um pouco mais',
    back_to_centre: 'Agora olhe de frente para a câmera',
    keep_face_visible: 'Mantenha o rosto visível',
    done: 'Obrigado',
    cantDo: 'Não consigo fazer isso',
  },
};
